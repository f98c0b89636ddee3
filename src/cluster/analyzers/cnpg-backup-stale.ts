import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import type { KubeObject } from '../../k8s/object.ts';
import { gapMinutes, newestFinish, overdue, readAt } from './backup-clock.ts';

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * A ScheduledBackup's schedule as a five-field cron: CloudNativePG's has a leading seconds field (its CRD's
 * schedule: "does not follow the same format used in Kubernetes CronJobs as it includes an additional seconds
 * specifier", chart cloudnative-pg 0.28.0 as recorded in test/fixtures/charts/cnpg-operator.yaml), which shai
 * renders as "0 <backup.schedule>" (build/database-backup.ts cnpgSchedule); a five-field one is taken as it is.
 */
function minuteCron(schedule: unknown): string | undefined {
  if (typeof schedule !== 'string') return undefined;
  const fields = schedule.trim().split(/\s+/);
  return fields.length === 6 ? fields.slice(1).join(' ') : schedule;
}

/**
 * CloudNativePG ScheduledBackups (not suspended) whose cluster's newest completed base backup is older than the
 * schedule allows, judged at the time the cluster was read (backup-clock.ts). A failed one is
 * cnpg-backup-failed's; this finds base backups that stopped happening, which lengthens every point-in-time
 * restore (all the WAL since the last base backup is replayed) and, once retention removes the old ones, leaves
 * nothing to restore from.
 */
export const cnpgBackupStale: Analyzer = {
  id: 'cnpg-backup-stale',
  area: 'storage',
  title: 'PostgreSQL base backups older than their schedule',
  docs: 'CloudNativePG ScheduledBackups (not suspended) whose cluster\'s newest completed Backup stopped longer ago than the schedule\'s longest gap plus an hour, or that have none since they were created that long ago. "Now" is when the cluster was read: the newest heartbeat on its Nodes.',
  severity: 'error',
  needs: ['Node', 'Backup.postgresql.cnpg.io', 'ScheduledBackup'],
  analyze(state) {
    const now = readAt(state);
    if (now === undefined) return [];
    const out: FindingDraft[] = [];
    const backups = (state.objects('Backup') as Yaml[]).filter((b) =>
      b.apiVersion.startsWith('postgresql.cnpg.io/'),
    );
    for (const s of state.objects('ScheduledBackup') as (KubeObject & Yaml)[]) {
      if (s.spec?.suspend) continue;
      const gap = gapMinutes(minuteCron(s.spec?.schedule));
      const cluster = s.spec?.cluster?.name;
      if (gap === undefined || typeof cluster !== 'string') continue;
      const lastGood = newestFinish(
        backups.filter(
          (b) =>
            b.metadata.namespace === s.metadata.namespace &&
            b.spec?.cluster?.name === cluster &&
            b.status?.phase === 'completed',
        ),
        (b) => b.status?.stoppedAt,
      );
      const late = overdue(s, gap, lastGood, now);
      if (!late) continue;
      out.push({
        target: targetOf(s),
        message: `base backups of ${cluster} are overdue: ${late}`,
        fix: `See why: kubectl -n ${s.metadata.namespace} get backups.postgresql.cnpg.io (a failed one is named by cnpg-backup-failed) and kubectl -n ${s.metadata.namespace} describe scheduledbackup ${s.metadata.name}; shai backup run --service NAME takes a base backup now, and shai backup status shows the database's last good one.`,
      });
    }
    return out;
  },
};
