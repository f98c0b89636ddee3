/*
 * PostgreSQL backups through CloudNativePG's supported path at the pinned operator (1.29): the Barman Cloud plugin
 * (CNPG-I). The in-tree `spec.backup.barmanObjectStore` is deprecated since 1.26 (cloudnative-pg v1.29.0
 * docs/src/backup.md, appendixes/backup_barmanobjectstore.md), and so is `spec.backup.retentionPolicy`
 * ("rely on the retention mechanisms provided by the backup plugin"). Per database: an ObjectStore (target,
 * credentials, retention), the Cluster's `plugins` entry making the plugin its WAL archiver, and a
 * ScheduledBackup taking base backups with `method: plugin` (plugin-barman-cloud v0.13.0 web/docs/usage.md,
 * retention.md).
 */
import type { KubeObject } from '../k8s/object.ts';
import { BACKUP_KEY_ID, BACKUP_KEY_SECRET, backupKeysSecret } from '../plan/backup.ts';
import { BARMAN_PLUGIN, databaseBackedUp, destinationPath, objectStoreName } from '../backup/archive.ts';
import type { Plan, PlannedService } from '../plan/types.ts';
import { objectMeta } from '../k8s/meta.ts';

/** A five-field cron (platform.yaml) as CloudNativePG's six-field one, which starts with seconds. */
export function cnpgSchedule(cron: string): string {
  return `0 ${cron.trim().split(/\s+/).join(' ')}`;
}

/** The `plugins` entry of a Cluster archiving its WAL through the plugin. */
export function walArchiver(svc: PlannedService): Record<string, unknown> {
  return { name: BARMAN_PLUGIN, isWALArchiver: true, parameters: { barmanObjectName: objectStoreName(svc) } };
}

/** The ObjectStore and ScheduledBackup of a service's database, or nothing when it is not backed up. */
export function databaseBackup(plan: Plan, svc: PlannedService): KubeObject[] {
  if (!databaseBackedUp(plan, svc)) return [];
  const backup = plan.config.backup!;
  const cluster = svc.database!.cluster;
  const secret = backupKeysSecret(svc.name);
  return [
    {
      apiVersion: 'barmancloud.cnpg.io/v1',
      kind: 'ObjectStore',
      metadata: objectMeta(svc, objectStoreName(svc), { component: 'database' }),
      spec: {
        configuration: {
          destinationPath: destinationPath(plan, svc),
          endpointURL: backup.target.endpoint,
          s3Credentials: {
            accessKeyId: { name: secret, key: BACKUP_KEY_ID },
            secretAccessKey: { name: secret, key: BACKUP_KEY_SECRET },
          },
          wal: { compression: 'gzip' },
          data: { compression: 'gzip' },
        },
        // A recovery window: any point of the last N days can be restored (barman-cloud-backup-delete
        // --retention-policy "RECOVERY WINDOW OF N DAYS"), like Velero's ttl for the volumes.
        retentionPolicy: `${backup.retention.days}d`,
        // The sidecar the plugin adds to every instance pod: admission wants its limits.
        instanceSidecarConfiguration: {
          resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
        },
      },
    },
    {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'ScheduledBackup',
      metadata: objectMeta(svc, cluster, { component: 'database' }),
      spec: {
        cluster: { name: cluster },
        schedule: cnpgSchedule(backup.schedule),
        // The first base backup right away: WAL archived before any base backup restores nothing.
        immediate: true,
        backupOwnerReference: 'self',
        method: 'plugin',
        pluginConfiguration: { name: BARMAN_PLUGIN },
      },
    },
  ];
}

/** The database backups of every service, owned by the service (its Application applies them). */
export function databaseBackups(plan: Plan): { service: string; object: KubeObject }[] {
  return plan.services.flatMap((s) => databaseBackup(plan, s).map((object) => ({ service: s.name, object })));
}
