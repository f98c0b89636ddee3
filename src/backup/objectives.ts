/*
 * The recovery point each backup of the plan gives by construction, for docs/disaster-recovery.md (its test holds
 * the document to these numbers): a database with working WAL archiving loses at most CloudNativePG's
 * archive_timeout, a volume at most the schedule's longest gap between two Velero backups. The recovery time is
 * not derivable from the plan (it depends on the data's size and the target's bandwidth): `shai backup verify`
 * measures it.
 */
import type { Plan } from '../plan/types.ts';
import { cronGapMinutes } from '../config/cron-gap.ts';
import { ARCHIVE_TIMEOUT_MINUTES } from './restore.ts';
import { backupUnits } from './units.ts';

/** One way a service is backed up and what it can lose. */
export interface Objective {
  service: string;
  method: 'database' | 'volumes';
  /** What is kept: the database, or the volumes. */
  what: string;
  /** How the copy is made consistent: the snapshot taken first, when there is one. */
  consistency?: string;
  /** The most data a restore loses, in minutes. */
  rpoMinutes: number;
  /** Minutes between two base backups or Velero backups (the schedule's longest gap). */
  everyMinutes: number;
  retentionDays: number;
}

/** Every objective of the plan, in plan order (database first). */
export function objectives(plan: Plan): Objective[] {
  return backupUnits(plan).flatMap((u) => {
    const every = cronGapMinutes(u.schedule);
    const common = { service: u.service, everyMinutes: every, retentionDays: u.retentionDays };
    return [
      ...(u.database
        ? [
            {
              ...common,
              method: 'database' as const,
              what: `PostgreSQL ${u.database.cluster}`,
              consistency: 'continuous WAL archiving and base backups (CloudNativePG)',
              rpoMinutes: ARCHIVE_TIMEOUT_MINUTES,
            },
          ]
        : []),
      ...(u.volumes.length
        ? [
            {
              ...common,
              method: 'volumes' as const,
              what: `volumes ${u.volumes.join(', ')}`,
              ...(u.snapshot ? { consistency: u.snapshot } : {}),
              rpoMinutes: every,
            },
          ]
        : []),
    ];
  });
}
