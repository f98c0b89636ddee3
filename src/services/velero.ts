import { resources, singleReplica } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { UserError } from '../errors.ts';
import { keptVolumes } from '../backup/volumes.ts';
import { VELERO_PREFIX } from '../build/velero-backup.ts';
import { backupTargetIsPlannedMinio } from '../plan/config-secrets.ts';
import { CHARTS, IMAGES } from './versions.ts';
import { RESTRICTED_CONTAINER, VELERO_ADMISSION, VELERO_PLUGIN_RESOURCES } from './system/chart-admission.ts';

/** Velero: scheduled backups of volumes and objects to the S3 target of platform.yaml. */
export const velero: ServiceDef = {
  name: 'velero',
  title: 'Velero',
  description:
    'Daily backups of the volumes services mark worth keeping, after their snapshot hooks, with the retention of platform.yaml.',
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
      // Composed from MinIO's root credentials: only while the target is the planned MinIO (else MinIO may not run).
      plannedWhen: (config, services) =>
        backupTargetIsPlannedMinio(
          config,
          services.find((s) => s.name === 'minio'),
        ),
    },
  ],
  // Only for a target other than the planned MinIO (then velero-s3 above is the credentials file).
  secretRefs: [{ key: 'backup.target.credentials', why: "the chart's existingSecret for the S3 target" }],
  storage: [],
  metrics: { port: 'metrics', path: '/metrics' },
  installsCrds: ['velero.io'],
  // The backup target alone: the in-cluster MinIO through its flow, else the address platform.yaml names.
  egress: { apiServer: true },
  network: {
    endpoints: [
      { key: 'backup.target.endpoint', why: 'the server and the node agents write backups to the S3 target' },
    ],
  },
  backup: { kind: 'none', reason: 'the backup tool itself; its state is in the S3 target' },
  scaling: singleReplica('one server schedules all backups'),
  resources: resources('100m', '256Mi', '1', '1Gi'),
  podSecurity: {
    level: 'privileged',
    reason: 'the node agent reads pod volumes from the host for file-system backups',
  },
  build: ({ plan, self }) => {
    const backup = plan.config.backup;
    // The schedule and the storage location are chart values (the chart renders velero.io/v1 Schedule and
    // BackupStorageLocation objects from them), so one Application owns Velero and its configuration.
    const target = backup?.target;
    const inCluster = backupTargetIsPlannedMinio(
      plan.config,
      plan.services.find((s) => s.name === 'minio'),
    );
    // In-cluster MinIO: the planned velero-s3, composed from MinIO's root credentials so the two never drift;
    // an external target: the Secret platform.yaml names.
    const credentials = inCluster ? { name: 'velero-s3', key: 'cloud' } : target?.credentials;
    if (credentials && credentials.key !== 'cloud') {
      throw new UserError(
        `platform.yaml backup.target.credentials.key: the Velero chart reads the key "cloud", not "${credentials.key}"`,
      );
    }
    // The namespaces holding a volume worth keeping; databases are archived by CloudNativePG, not copied here.
    const namespaces = [
      ...new Set(plan.services.filter((s) => keptVolumes(s).length).map((s) => s.namespace)),
    ].sort();
    return {
      chart: {
        ...CHARTS.velero,
        values: {
          initContainers: [
            {
              name: 'velero-plugin-for-aws',
              image: IMAGES.veleroAws,
              imagePullPolicy: 'IfNotPresent',
              volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
              // The chart copies initContainers verbatim: the admission policies apply to them as written.
              resources: VELERO_PLUGIN_RESOURCES,
              securityContext: RESTRICTED_CONTAINER,
            },
          ],
          resources: self.resources,
          // Security contexts and limits of the server and the node agent (keys cited in chart-admission.ts;
          // the chart leaves them empty).
          ...VELERO_ADMISSION,
          // The upgrade-crds Job is a pre-install/pre-upgrade hook (Argo CD: PreSync on every sync) that applies
          // the CRDs compiled into the velero binary: a second writer of the CRDs Argo CD already applies from
          // the chart's crds/, and a pod without limits that admission refuses.
          upgradeCRDs: false,
          configuration: {
            backupStorageLocation: target
              ? [
                  {
                    name: 'default',
                    provider: 'aws',
                    bucket: target.bucket,
                    default: true,
                    // A prefix of its own: the bucket root also holds CloudNativePG's archive (cnpg/), and
                    // Velero refuses a root with directories it does not know (pkg/persistence/object_store.go).
                    prefix: VELERO_PREFIX,
                    config: { region: target.region, s3ForcePathStyle: 'true', s3Url: target.endpoint },
                  },
                ]
              : [],
            volumeSnapshotLocation: [],
            // Volumes are backed up file by file by the node agent, only those a pod names in Velero's opt-in
            // annotation (build/velero-backup.ts): the ones services mark worth keeping, not model caches,
            // Prometheus or Loki, which would fill the target.
            defaultVolumesToFsBackup: false,
          },
          credentials: credentials
            ? { useSecret: true, existingSecret: credentials.name }
            : { useSecret: false },
          snapshotsEnabled: false,
          deployNodeAgent: true,
          metrics: { enabled: true, serviceMonitor: { enabled: true } },
          schedules: backup
            ? {
                daily: {
                  disabled: false,
                  schedule: backup.schedule,
                  useOwnerReferencesInBackup: false,
                  template: {
                    ttl: `${backup.retention.days * 24}h0m0s`,
                    storageLocation: 'default',
                    includedNamespaces: namespaces,
                  },
                },
              }
            : {},
        },
      },
      objects: [],
    };
  },
};
