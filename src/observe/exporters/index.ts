import type { ExporterMetrics } from '../types.ts';
import { argocd } from './argocd.ts';
import { cadvisor } from './cadvisor.ts';
import { certManager } from './cert-manager.ts';
import { cloudnativePg } from './cloudnative-pg.ts';
import { dcgmExporter } from './dcgm-exporter.ts';
import { keycloak } from './keycloak.ts';
import { kubeStateMetrics } from './kube-state-metrics.ts';
import { kubelet } from './kubelet.ts';
import { litellm } from './litellm.ts';
import { longhorn } from './longhorn.ts';
import { n8n } from './n8n.ts';
import { nodeExporter } from './node-exporter.ts';
import { prometheusSeries } from './prometheus.ts';
import { qdrant } from './qdrant.ts';
import { sealedSecrets } from './sealed-secrets.ts';
import { traefik } from './traefik.ts';
import { velero } from './velero.ts';

/** Every exporter whose metrics a dashboard or alert may name (one file each, citing where it was read). */
export const EXPORTERS: readonly ExporterMetrics[] = [
  prometheusSeries,
  kubeStateMetrics,
  nodeExporter,
  kubelet,
  cadvisor,
  dcgmExporter,
  litellm,
  keycloak,
  n8n,
  qdrant,
  cloudnativePg,
  longhorn,
  velero,
  traefik,
  argocd,
  certManager,
  sealedSecrets,
];
