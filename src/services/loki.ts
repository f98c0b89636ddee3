import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS } from './versions.ts';

/** Loki in single-binary mode: the platform's logs, queried from Grafana. */
export const loki: ServiceDef = {
  name: 'loki',
  title: 'Loki',
  description: 'Log store for every pod of the cluster, filesystem storage on one volume.',
  layer: 'ops',
  namespace: 'monitoring',
  wave: -1,
  defaultEnabled: true,
  images: {},
  chart: CHARTS.loki,
  ports: [
    { name: 'http', port: 3100, serviceName: 'loki' },
    { name: 'grpc', port: 9095, serviceName: 'loki' },
  ],
  needs: [],
  exposes: [],
  secrets: [],
  storage: [
    { name: 'data', size: '50Gi', mountPath: '/var/loki', accessMode: 'ReadWriteOnce', backup: false },
  ],
  metrics: { port: 'http', path: '/metrics' },
  backup: { kind: 'none', reason: 'logs are kept for their retention period only' },
  scaling: {
    defaultReplicas: 1,
    maxReplicas: 1,
    reason: 'single-binary mode with filesystem storage on an RWO volume',
  },
  resources: resources('250m', '512Mi', '2', '2Gi'),
  podSecurity: { level: 'restricted' },
  // rendered in the render issue
  build: () => ({ objects: [] }),
};
