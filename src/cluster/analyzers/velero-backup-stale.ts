import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import type { KubeObject } from '../../k8s/object.ts';
import { gapMinutes, newestFinish, overdue, readAt } from './backup-clock.ts';

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The label Velero puts on the Backups a Schedule creates (velero-backup-failed groups by it too). */
const SCHEDULE_LABEL = 'velero.io/schedule-name';

/**
 * Velero Schedules whose newest Completed Backup is older than the schedule allows (its longest gap plus an
 * hour), judged at the time the cluster was read (backup-clock.ts). A Backup that failed is
 * velero-backup-failed's; this finds the ones that stopped happening at all (the schedule no longer fires, the
 * Velero pod is down, every run failed for days).
 */
export const veleroBackupStale: Analyzer = {
  id: 'velero-backup-stale',
  area: 'storage',
  title: 'Velero schedules whose last good backup is too old',
  docs: 'Velero Schedules (not paused) whose newest Completed Backup finished longer ago than the schedule\'s longest gap plus an hour, or that have none since they were created that long ago. "Now" is when the cluster was read: the newest heartbeat on its Nodes, so a dump is judged at the time it was taken. A schedule other than a five-field cron (a descriptor such as @every) is not judged.',
  severity: 'error',
  needs: ['Node', 'Backup.velero.io', 'Schedule'],
  analyze(state) {
    const now = readAt(state);
    if (now === undefined) return [];
    const out: FindingDraft[] = [];
    const backups = (state.objects('Backup') as Yaml[]).filter((b) => b.apiVersion.startsWith('velero.io/'));
    for (const s of state.objects('Schedule') as (KubeObject & Yaml)[]) {
      if (!s.apiVersion.startsWith('velero.io/') || s.spec?.paused) continue;
      const gap = gapMinutes(s.spec?.schedule);
      if (gap === undefined) continue;
      const lastGood = newestFinish(
        backups.filter(
          (b) =>
            b.metadata.namespace === s.metadata.namespace &&
            b.metadata.labels?.[SCHEDULE_LABEL] === s.metadata.name &&
            b.status?.phase === 'Completed',
        ),
        (b) => b.status?.completionTimestamp,
      );
      const late = overdue(s, gap, lastGood, now);
      if (!late) continue;
      out.push({
        target: targetOf(s),
        message: `backups are overdue: ${late}`,
        fix: `See why Velero has not completed one: kubectl -n ${s.metadata.namespace} get backups.velero.io -l ${SCHEDULE_LABEL}=${s.metadata.name} (a failed one is named by velero-backup-failed), kubectl -n ${s.metadata.namespace} logs deploy/velero; shai backup status lists each service's last good backup, and shai backup run --service NAME takes one now.`,
      });
    }
    return out;
  },
};
