import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';

/** MinIO: the in-cluster S3 target that Velero writes backups to. */
export const minio: ServiceDef = {
  name: 'minio',
  title: 'MinIO',
  description: 'S3-compatible object store inside the cluster, the default backup target.',
  layer: 'ops',
  namespace: 'backup',
  wave: -5,
  defaultEnabled: true,
  images: { main: IMAGES.minio },
  ports: [
    { name: 'api', port: 9000 },
    { name: 'console', port: 9001 },
  ],
  needs: [],
  exposes: [{ port: 'console', subdomain: 'minio', auth: 'forward-auth', kind: 'ui', healthPath: '/' }],
  secrets: [
    {
      name: 'minio-root',
      keys: {
        'root-user': { kind: 'fixed', value: 'minio-admin' },
        'root-password': { kind: 'password', length: 32 },
      },
      admin: true,
    },
  ],
  storage: [{ name: 'data', size: '200Gi', mountPath: '/data', accessMode: 'ReadWriteOnce', backup: false }],
  metrics: { port: 'api', path: '/minio/v2/metrics/cluster' },
  backup: { kind: 'none', reason: 'it is the backup target; copy it off the cluster for a second copy' },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'single-drive mode on one ReadWriteOnce volume' },
  resources: resources('250m', '512Mi', '2', '2Gi'),
  podSecurity: { level: 'restricted' },
  // rendered in the render issue
  build: () => ({ objects: [] }),
};
