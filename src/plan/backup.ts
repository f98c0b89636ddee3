/*
 * What the plan knows about backups: which databases CloudNativePG archives (and the S3 key pair each needs in its
 * namespace), and the warnings a backup set-up deserves (a target inside the cluster is no disaster recovery).
 */
import type { Config } from '../config/schema.ts';
import { backupTargetIsPlannedMinio } from './config-secrets.ts';
import type { PlannedSecret, PlannedService, PlanWarning } from './types.ts';

/** The service that runs CloudNativePG's Barman Cloud plugin. */
export const BARMAN_SERVICE = 'barman-cloud';

/** True when a service's database is archived by CloudNativePG: a `postgres` backup, a target, the plugin on. */
export function archivesDatabase(
  config: Config,
  services: readonly { name: string }[],
  svc: Pick<PlannedService, 'database' | 'backup'>,
): boolean {
  return (
    !!svc.database &&
    svc.backup.kind === 'postgres' &&
    !!config.backup &&
    services.some((s) => s.name === BARMAN_SERVICE)
  );
}

/** The Secret with the S3 key pair of a service's database backups, in its namespace. */
export const backupKeysSecret = (service: string) => `${service}-backup-s3`;
export const BACKUP_KEY_ID = 'ACCESS_KEY_ID';
export const BACKUP_KEY_SECRET = 'ACCESS_SECRET_KEY';

/**
 * One S3 key pair Secret per archived database. For the in-cluster MinIO it is composed from MinIO's root
 * credentials (like Velero's); for a target outside, the user sets it (`shai secrets set`): platform.yaml's
 * credentials Secret is an AWS credentials file, which the plugin's ObjectStore cannot read key by key.
 */
export function planBackupSecrets(config: Config, services: readonly PlannedService[]): PlannedSecret[] {
  const minio = services.find((s) => s.name === 'minio');
  const fromMinio = minio && backupTargetIsPlannedMinio(config, minio);
  const key = (k: 'root-user' | 'root-password', what: string) =>
    fromMinio
      ? { kind: 'composed' as const, template: `\${${minio.namespace}/minio-root/${k}}` }
      : {
          kind: 'external' as const,
          description: `${what} of the S3 target (backup.target) for the WAL archive`,
        };
  return services
    .filter((s) => archivesDatabase(config, services, s))
    .map((s) => ({
      service: s.name,
      namespace: s.namespace,
      name: backupKeysSecret(s.name),
      keys: {
        [BACKUP_KEY_ID]: key('root-user', 'access key id'),
        [BACKUP_KEY_SECRET]: key('root-password', 'secret access key'),
      },
      admin: false,
      configPath: 'backup.target.credentials',
    }));
}

/** An in-cluster target (the planned MinIO, or any Service name): the copies die with the cluster. */
export function backupWarnings(config: Config, services: readonly PlannedService[]): PlanWarning[] {
  const target = config.backup?.target;
  if (!target) {
    const kept = services.filter((s) => s.backup.kind !== 'none').map((s) => s.name);
    return kept.length
      ? [{ message: `no backup target: nothing of ${kept.join(', ')} is backed up`, configPath: 'backup' }]
      : [];
  }
  const host = new URL(target.endpoint).hostname;
  const inCluster =
    backupTargetIsPlannedMinio(
      config,
      services.find((s) => s.name === 'minio'),
    ) || /\.svc(\.cluster\.local)?$/.test(host);
  return inCluster
    ? [
        {
          message: `the only backup target, ${host}, is inside the cluster: a lost cluster or disk loses the backups with it. Add a target off the cluster (a NAS or S3; examples/offsite-backup.yaml)`,
          configPath: 'backup.target.endpoint',
        },
      ]
    : [];
}
