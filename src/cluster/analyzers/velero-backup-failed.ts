import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import type { KubeObject } from '../../k8s/object.ts';
import { newestPerGroup } from './backup-objects.ts';

/** The fields of Velero's Backup and Schedule read here (velero v1.18.1 config/crd/v1/bases). */
interface VeleroBackup extends KubeObject {
  status?: {
    phase?: string;
    failureReason?: string;
    validationErrors?: string[];
    errors?: number;
    hookStatus?: { hooksAttempted?: number; hooksFailed?: number };
    startTimestamp?: string;
  };
}
interface VeleroSchedule extends KubeObject {
  status?: { phase?: string; validationErrors?: string[] };
}

/** Velero's phases of a Backup that kept less than it was asked to (pkg/apis/velero/v1/backup_types.go). */
const FAILED = new Set([
  'Failed',
  'PartiallyFailed',
  'FailedValidation',
  'FinalizingPartiallyFailed',
  'WaitingForPluginOperationsPartiallyFailed',
]);

const SCHEDULE_LABEL = 'velero.io/schedule-name';

/**
 * The newest Velero Backup of each Schedule (and each on-demand one) that failed or partly failed, with what
 * Velero recorded (failure reason, errors, failed pre-backup hooks: the application-consistent snapshots), and
 * Schedules Velero refused. An older failure a later good backup replaced is history, not a problem.
 */
export const veleroBackupFailed: Analyzer = {
  id: 'velero-backup-failed',
  area: 'storage',
  title: 'Velero backups that failed, and schedules that never run',
  docs: "The newest Velero Backup of each Schedule (and each on-demand Backup) whose phase is Failed, PartiallyFailed or FailedValidation, naming Velero's failure reason, its error count and how many pre-backup hooks (the application-consistent snapshots) failed; and Schedules in phase FailedValidation, which never run. A schedule whose last good backup is too old is velero-backup-stale's.",
  severity: 'error',
  needs: ['Backup.velero.io', 'Schedule'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const s of state.objects('Schedule') as VeleroSchedule[]) {
      if (!s.apiVersion.startsWith('velero.io/') || s.status?.phase !== 'FailedValidation') continue;
      out.push({
        target: targetOf(s),
        message: `Velero refused the schedule, so it never runs: ${(s.status.validationErrors ?? []).join('; ') || 'no validation errors recorded'}`,
        fix: 'Correct backup.schedule (a five-field cron) or the storage location in platform.yaml, then shai render and commit; Argo CD syncs the Schedule again.',
      });
    }
    const backups = (state.objects('Backup') as VeleroBackup[]).filter((b) =>
      b.apiVersion.startsWith('velero.io/'),
    );
    const newest = newestPerGroup(
      backups,
      (b) => `${b.metadata.namespace}/${b.metadata.labels?.[SCHEDULE_LABEL] ?? b.metadata.name}`,
      (b) => String(b.status?.startTimestamp ?? b.metadata.creationTimestamp ?? ''),
    );
    for (const b of newest) {
      const st = b.status ?? {};
      if (!FAILED.has(st.phase ?? '')) continue;
      const hooks = st.hookStatus?.hooksFailed
        ? `; ${st.hookStatus.hooksFailed} of ${st.hookStatus.hooksAttempted ?? st.hookStatus.hooksFailed} pre-backup hooks failed (an application-consistent snapshot did not complete)`
        : '';
      const why = [
        st.failureReason,
        ...(st.validationErrors ?? []),
        st.errors ? `${st.errors} errors` : undefined,
      ].filter(Boolean);
      out.push({
        target: targetOf(b),
        message: `${st.phase}${why.length ? `: ${why.join('; ')}` : ''}${hooks}`,
        fix: `Read what Velero logged (kubectl -n ${b.metadata.namespace} get backup.velero.io ${b.metadata.name} -o yaml; velero backup logs ${b.metadata.name}); a failed hook is the snapshot script in the pod it names. Once fixed, shai backup run --service NAME takes a new one and shai backup status shows each service's last good backup.`,
      });
    }
    return out;
  },
};
