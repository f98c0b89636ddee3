/*
 * Velero backs up only the pod volumes a service marks worth keeping (`storage[].backup`, a `postgres` backup):
 * the chart's `defaultVolumesToFsBackup` is off, and each pod names its volumes with Velero's opt-in annotation.
 * Model caches, Prometheus, Loki and MinIO itself stay out of the backup.
 */

/** Velero's per-pod opt-in: a comma-separated list of the pod's volume names to back up file by file. */
export const BACKUP_VOLUMES_ANNOTATION = 'backup.velero.io/backup-volumes';

/** The volume of a CloudNativePG instance pod that holds the database files. */
export const CNPG_DATA_VOLUME = 'pgdata';

/** The opt-in annotation for these pod volumes, or none when no volume is worth keeping. */
export function backupVolumes(volumes: readonly string[]): Record<string, string> {
  return volumes.length ? { [BACKUP_VOLUMES_ANNOTATION]: [...volumes].join(',') } : {};
}
