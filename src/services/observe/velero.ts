import type { Plan } from '../../plan/types.ts';
import type { AlertSpec, ServiceObservability } from '../../observe/types.ts';

/** The chart names the Schedule `<release>-<key>`: the `daily` schedule of release velero. */
export const VELERO_SCHEDULE = 'velero-daily';

/**
 * The longest gap between two runs of a cron schedule, in hours, for the field patterns platform.yaml uses
 * (every hour, every day, one day a week); anything else counts as daily.
 */
export function scheduleGapHours(cron: string): number {
  const [, hour = '*', dom = '*', , dow = '*'] = cron.trim().split(/\s+/);
  if (hour === '*' || hour.startsWith('*/')) return hour.startsWith('*/') ? Number(hour.slice(2)) || 1 : 1;
  if (dow !== '*' && !dow.includes(',') && !dow.includes('-')) return 7 * 24;
  if (dom !== '*' && !dom.includes(',')) return 31 * 24;
  return 24;
}

/** Velero: a failed backup, and a last good backup older than the schedule allows. */
export const veleroObservability: ServiceObservability = {
  service: 'velero',
  scrapeJobs: ['velero'],
  alerts: ({ plan }: { plan: Plan }, self): AlertSpec[] => {
    const schedule = plan.config.backup?.schedule;
    if (!schedule) return [];
    // One missed run is allowed (a node was down at 03:00), the second is an alert.
    const maxAge = 2 * scheduleGapHours(schedule) + 1;
    const sel = `schedule="${VELERO_SCHEDULE}"`;
    const s = (name: string, values: string) => ({
      series: `${name}{namespace="${self.namespace}",job="velero",${sel}}`,
      values,
    });
    return [
      {
        alert: 'BackupFailed',
        expr: `increase(velero_backup_failure_total{${sel}}[1d]) > 0 or increase(velero_backup_partial_failure_total{${sel}}[1d]) > 0`,
        for: '0m',
        severity: 'warning',
        service: self.name,
        summary: 'A Velero backup of schedule {{ $labels.schedule }} failed',
        description: 'Velero recorded a failed or partially failed backup in the last day.',
        runbook: {
          meaning:
            'The last scheduled backup failed or only partly succeeded: some volumes or databases were not saved.',
          confirm:
            '`velero backup get`; `velero backup describe <backup> --details` and `velero backup logs <backup>` name the failing item.',
          covered: { analyzer: 'job-failed' },
          fix: 'Usually the object store (MinIO, or the backup.target of platform.yaml) is unreachable or full, or a volume could not be read by the node agent; fix it and run `velero backup create --from-schedule velero-daily`.',
        },
        test: {
          fire: [
            s('velero_backup_failure_total', '0x10 1x50'),
            s('velero_backup_partial_failure_total', '0x60'),
          ],
          quiet: [s('velero_backup_failure_total', '0x60'), s('velero_backup_partial_failure_total', '0x60')],
          labels: { namespace: self.namespace, job: 'velero', schedule: VELERO_SCHEDULE },
        },
      },
      {
        alert: 'BackupTooOld',
        expr: `time() - max by (schedule) (velero_backup_last_successful_timestamp{${sel}}) > ${maxAge * 3600}`,
        for: '30m',
        severity: 'critical',
        service: self.name,
        summary: `No successful backup for more than ${maxAge} h`,
        description: `The schedule "${schedule}" should have produced one; the last is {{ $value | humanizeDuration }} old.`,
        runbook: {
          meaning:
            'The newest successful backup is older than two runs of the schedule: backups stopped or keep failing.',
          confirm:
            '`velero schedule get` (LAST BACKUP); `velero backup get`; the Velero dashboard in Grafana → shai.',
          covered: { analyzer: 'workload-replicas' },
          fix: 'Make sure the velero Deployment runs and the BackupStorageLocation is Available (`velero backup-location get`); then see BackupFailed.',
        },
        // promtool's clock starts at 0: a backup three days before it is old, one at 0 is 30 minutes old.
        test: {
          fire: [s('velero_backup_last_successful_timestamp', `${-3 * 86400}x60`)],
          quiet: [s('velero_backup_last_successful_timestamp', '0x60')],
          labels: { schedule: VELERO_SCHEDULE },
        },
      },
    ];
  },
};
