import { minioImage } from '../images/minio.ts';
import type { KubeObject } from '../k8s/object.ts';
import type { BuildContext } from './types.ts';
import { objectMeta } from '../k8s/meta.ts';
import { env, publicUrl, secretEnv, serviceHost, serviceUrl } from '../build/refs.ts';
import { workload } from '../build/workload.ts';
import { scriptContainer, scriptPodSecurity, scriptVolumes } from '../build/script-job.ts';
import { resources, singleReplica } from './helpers.ts';
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
  network: { selfCalls: [{ port: 'api', why: 'the bucket Job creates the backup bucket' }] },
  backup: { kind: 'none', reason: 'it is the backup target; copy it off the cluster for a second copy' },
  scaling: singleReplica('single-drive mode on one ReadWriteOnce volume'),
  resources: resources('250m', '512Mi', '2', '2Gi'),
  podSecurity: { level: 'restricted' },
  writableRootReason: 'MinIO writes its configuration under the user home besides the data volume',
  build: (ctx) => {
    const { plan, self } = ctx;
    const port = (name: string) => self.def.ports.find((p) => p.name === name)!.port;
    return {
      objects: [
        ...workload(ctx, {
          kind: 'StatefulSet',
          // Any non-root user works as long as it owns /data (fsGroup).
          user: minioImage.user.value,
          containers: [
            {
              command: [...minioImage.command!.value],
              // The certs directory defaults to ~/.minio: moved to the scratch volume so the root stays read-only.
              args: [
                'server',
                '/data',
                `--address=:${port('api')}`,
                `--console-address=:${port('console')}`,
                '--certs-dir=/tmp/certs',
              ],
              env: [
                secretEnv(self, 'MINIO_ROOT_USER', 'minio-root', 'root-user'),
                secretEnv(self, 'MINIO_ROOT_PASSWORD', 'minio-root', 'root-password'),
                // The ServiceMonitor scrapes without a bearer token.
                env('MINIO_PROMETHEUS_AUTH_TYPE', 'public'),
                ...(self.hosts.length ? [env('MINIO_BROWSER_REDIRECT_URL', publicUrl(plan, self.name))] : []),
              ],
              liveness: { http: '/minio/health/live', port: 'api' },
              readiness: { http: '/minio/health/ready', port: 'api' },
              readOnlyRootFilesystem: true,
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        }),
        ...bucketJob(ctx),
      ],
    };
  },
};

/**
 * Creates the backup bucket of platform.yaml when the backup target is this MinIO. A PostSync hook, so
 * it runs after MinIO is ready on every sync; `--ignore-existing` makes it idempotent.
 */
function bucketJob({ plan, self }: BuildContext): KubeObject[] {
  const target = plan.config.backup?.target;
  if (!target || new URL(target.endpoint).hostname !== serviceHost(plan, self.name)) return [];
  const name = `${self.name}-bucket`;
  const script = `mc alias set target "${serviceUrl(plan, self.name, 'api')}" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" && mc mb --ignore-existing "target/${target.bucket}"`;
  return [
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: objectMeta(self, name, {
        component: 'bucket',
        annotations: {
          'argocd.argoproj.io/hook': 'PostSync',
          'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
        },
      }),
      spec: {
        backoffLimit: 6,
        template: {
          metadata: { labels: objectMeta(self, name, { component: 'bucket' }).labels },
          spec: {
            serviceAccountName: self.name,
            automountServiceAccountToken: false,
            restartPolicy: 'OnFailure',
            securityContext: scriptPodSecurity(),
            containers: [
              // The server image ships the mc client.
              scriptContainer('mc', self.image, 'sh', script, [
                secretEnv(self, 'MINIO_ROOT_USER', 'minio-root', 'root-user'),
                secretEnv(self, 'MINIO_ROOT_PASSWORD', 'minio-root', 'root-password'),
                env('MC_CONFIG_DIR', '/tmp/.mc'),
              ]),
            ],
            volumes: scriptVolumes(),
          },
        },
      },
    },
  ];
}
