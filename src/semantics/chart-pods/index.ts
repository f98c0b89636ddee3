import { gpuOperatorPods } from './gpu-operator.ts';
import { longhornPods } from './longhorn.ts';
import { alloyPods, kubePrometheusStackPods, lokiPods } from './monitoring.ts';
import {
  arcControllerPods,
  arcRunnersPods,
  argocdPods,
  barmanCloudPods,
  certManagerPods,
  cnpgOperatorPods,
  kyvernoPods,
  sealedSecretsPods,
  veleroPods,
} from './platform.ts';
import type { ChartPods } from './types.ts';

/** The chart pods of every chart service, by service (one explicit list). */
export const CHART_PODS: readonly ChartPods[] = [
  argocdPods,
  certManagerPods,
  kyvernoPods,
  sealedSecretsPods,
  longhornPods,
  gpuOperatorPods,
  cnpgOperatorPods,
  barmanCloudPods,
  kubePrometheusStackPods,
  lokiPods,
  alloyPods,
  veleroPods,
  arcControllerPods,
  arcRunnersPods,
];
