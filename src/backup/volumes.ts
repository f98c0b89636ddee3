/*
 * What Velero keeps of a service: the pod volumes it marks worth keeping and its application-consistent snapshot.
 * Read by the rendered annotations (build/velero-backup.ts), Velero's values (services/velero.ts) and
 * `shai backup` (units.ts) alike.
 */
import type { PlannedService } from '../plan/types.ts';
import type { SnapshotSpec } from './snapshots.ts';

/** Velero's per-pod opt-in: a comma-separated list of the pod's volume names to back up file by file. */
export const BACKUP_VOLUMES_ANNOTATION = 'backup.velero.io/backup-volumes';

/** The snapshot a service's backup takes in its own container, if any. */
export function snapshotOf(svc: PlannedService): SnapshotSpec | undefined {
  const b = svc.backup;
  return b.kind === 'none' ? undefined : b.snapshot;
}

/** The pod volumes of a service Velero keeps: those marked `backup`, and the one its snapshot lands on. */
export function keptVolumes(svc: PlannedService): string[] {
  const snapshot = snapshotOf(svc);
  return [
    ...new Set([
      ...svc.storage.filter((s) => s.backup).map((s) => s.name),
      ...(snapshot ? [snapshot.volume] : []),
    ]),
  ];
}
