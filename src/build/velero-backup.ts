/*
 * Velero backs up only the pod volumes a service marks worth keeping (`storage[].backup`, and the volume its
 * snapshot lands on): the chart's `defaultVolumesToFsBackup` is off, and each pod names its volumes with Velero's
 * opt-in annotation. Model caches, Prometheus, Loki, MinIO itself and the PostgreSQL data directories (archived
 * by CloudNativePG instead, build/database-backup.ts) stay out. A service's application-consistent snapshot runs
 * as Velero's pre-backup hook in its container, just before that pod's volumes are copied.
 */
import type { PlannedService } from '../plan/types.ts';
import type { SnapshotSpec } from '../backup/snapshots.ts';
import { BACKUP_VOLUMES_ANNOTATION, keptVolumes, snapshotOf } from '../backup/volumes.ts';

export { BACKUP_VOLUMES_ANNOTATION };

/** Velero's pre-backup hook annotations (vmware-tanzu/velero v1.18.1 internal/hook/item_hook_handler.go). */
export const PRE_HOOK = {
  container: 'pre.hook.backup.velero.io/container',
  command: 'pre.hook.backup.velero.io/command',
  onError: 'pre.hook.backup.velero.io/on-error',
  timeout: 'pre.hook.backup.velero.io/timeout',
} as const;

/** The opt-in annotation for these pod volumes, or none when no volume is worth keeping. */
export function backupVolumes(volumes: readonly string[]): Record<string, string> {
  return volumes.length ? { [BACKUP_VOLUMES_ANNOTATION]: [...new Set(volumes)].join(',') } : {};
}

/**
 * The pre-backup hook running a snapshot: the command as a JSON array (Velero parses a value starting with `[`
 * as one), failing the backup when the snapshot fails, within its timeout.
 */
export function snapshotHook(snapshot: SnapshotSpec, container: string): Record<string, string> {
  return {
    [PRE_HOOK.container]: snapshot.container ?? container,
    [PRE_HOOK.command]: JSON.stringify([snapshot.shell, '-c', snapshot.script]),
    [PRE_HOOK.onError]: 'Fail',
    [PRE_HOOK.timeout]: snapshot.timeout,
  };
}

/** The prefix of Velero's backups in the bucket (its BackupStorageLocation). */
export const VELERO_PREFIX = 'velero';

/** Every Velero annotation of a service's own pods: the volumes it keeps and its snapshot hook. */
export function veleroPodAnnotations(svc: PlannedService): Record<string, string> {
  const snapshot = snapshotOf(svc);
  return {
    ...backupVolumes(keptVolumes(svc)),
    ...(snapshot ? snapshotHook(snapshot, svc.name) : {}),
  };
}
