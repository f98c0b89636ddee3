import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS } from './versions.ts';
import { LOKI_ADMISSION } from './system/chart-admission.ts';

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
  build: ({ self }) => {
    const data = self.storage.find((s) => s.name === 'data')!;
    return {
      chart: {
        ...CHARTS.loki,
        values: {
          deploymentMode: 'SingleBinary',
          loki: {
            auth_enabled: false,
            commonConfig: { replication_factor: 1 },
            storage: { type: 'filesystem' },
            schemaConfig: {
              configs: [
                {
                  from: '2024-04-01',
                  store: 'tsdb',
                  object_store: 'filesystem',
                  schema: 'v13',
                  index: { prefix: 'index_', period: '24h' },
                },
              ],
            },
            // Logs are kept a month; the compactor deletes older chunks.
            limits_config: { retention_period: RETENTION },
            compactor: { retention_enabled: true, delete_request_store: 'filesystem' },
          },
          singleBinary: {
            replicas: self.replicas,
            resources: self.resources,
            persistence: { enabled: true, size: data.size, storageClass: data.storageClass },
          },
          // The simple-scalable targets and their caches are off in single-binary mode.
          read: { replicas: 0 },
          write: { replicas: 0 },
          backend: { replicas: 0 },
          chunksCache: { enabled: false },
          resultsCache: { enabled: false },
          gateway: { enabled: false },
          lokiCanary: { enabled: false },
          test: { enabled: false },
          monitoring: { serviceMonitor: { enabled: true } },
          // The rules sidecar needs limits too (chart key `sidecar.resources`).
          ...LOKI_ADMISSION,
        },
      },
      objects: [],
    };
  },
};

/** How long logs are kept. */
const RETENTION = '744h';
