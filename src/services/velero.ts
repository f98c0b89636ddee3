import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS } from './versions.ts';

/** Velero: scheduled backups of volumes and objects to the S3 target of platform.yaml. */
export const velero: ServiceDef = {
  name: 'velero',
  title: 'Velero',
  description:
    'Daily backups of the volumes and databases marked for backup, with the retention of platform.yaml.',
  layer: 'ops',
  namespace: 'backup',
  wave: -4,
  defaultEnabled: true,
  images: {},
  chart: CHARTS.velero,
  ports: [{ name: 'metrics', port: 8085, serviceName: 'velero' }],
  needs: [{ service: 'minio', port: 'api', optional: true, why: 'the in-cluster S3 target' }],
  exposes: [],
  secrets: [
    {
      name: 'velero-s3',
      keys: {
        cloud: {
          kind: 'composed',
          template:
            '[default]\naws_access_key_id=${minio-root/root-user}\naws_secret_access_key=${minio-root/root-password}\n',
        },
      },
    },
  ],
  storage: [],
  metrics: { port: 'metrics', path: '/metrics' },
  installsCrds: ['velero.io'],
  egress: { apiServer: true, internet: true },
  backup: { kind: 'none', reason: 'the backup tool itself; its state is in the S3 target' },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'one server schedules all backups' },
  resources: resources('100m', '256Mi', '1', '1Gi'),
  podSecurity: {
    level: 'privileged',
    reason: 'the node agent reads pod volumes from the host for file-system backups',
  },
  // rendered in the render issue
  build: () => ({ objects: [] }),
};
