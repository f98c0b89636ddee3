import { chartOnly, resources, singleReplica } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS } from './versions.ts';

/** The Prometheus Operator CRDs on their own, so ServiceMonitors of early waves can sync. */
export const prometheusCrds: ServiceDef = {
  name: 'prometheus-crds',
  title: 'Prometheus Operator CRDs',
  description:
    'ServiceMonitor, PodMonitor, PrometheusRule and friends, installed before any service ships one.',
  layer: 'system',
  namespace: 'monitoring',
  // Before sealed-secrets (-9), whose chart ships a ServiceMonitor: CRDs only, no namespace needed yet.
  wave: -10,
  defaultEnabled: true,
  images: {},
  chart: CHARTS.prometheusOperatorCrds,
  ports: [],
  needs: [],
  exposes: [],
  secrets: [],
  storage: [],
  backup: { kind: 'none', reason: 'CustomResourceDefinitions only' },
  installsCrds: ['monitoring.coreos.com'],
  scaling: singleReplica('no workload of its own'),
  resources: resources('0', '0', '0', '0'),
  podSecurity: { level: 'restricted' },
  // The chart's defaults install every monitoring.coreos.com CRD; nothing to configure.
  build: chartOnly(CHARTS.prometheusOperatorCrds, () => ({})),
};
