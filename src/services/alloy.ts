import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS } from './versions.ts';

/** Grafana Alloy as a DaemonSet: tails the pod logs of each node and pushes them to Loki. */
export const alloy: ServiceDef = {
  name: 'alloy',
  title: 'Grafana Alloy',
  description: 'Log collector on every node, with Kubernetes metadata as labels.',
  layer: 'ops',
  namespace: 'monitoring',
  wave: 0,
  defaultEnabled: true,
  images: {},
  chart: CHARTS.alloy,
  ports: [{ name: 'http', port: 12345 }],
  needs: [{ service: 'loki', port: 'http', why: 'pushes the collected logs' }],
  exposes: [],
  secrets: [],
  storage: [],
  metrics: { port: 'http', path: '/metrics' },
  egress: { apiServer: true },
  perNode: true,
  backup: { kind: 'none', reason: 'stateless collector' },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'a DaemonSet: one pod per node' },
  resources: resources('100m', '128Mi', '1', '512Mi'),
  podSecurity: { level: 'privileged', reason: 'reads container logs from the host path /var/log/pods' },
  // rendered in the render issue
  build: () => ({ objects: [] }),
};
