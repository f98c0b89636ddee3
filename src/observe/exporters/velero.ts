import type { ExporterMetrics } from '../types.ts';
import { m } from './metric.ts';

/** Velero server's /metrics (namespace `velero`). */
export const velero: ExporterMetrics = {
  id: 'velero',
  title: 'Velero',
  version: 'v1.18.1 (appVersion of chart velero 12.1.0)',
  source: 'vmware-tanzu/velero v1.18.1 pkg/metrics/metrics.go',
  metrics: {
    velero_backup_attempt_total: m('counter', 'schedule'),
    velero_backup_success_total: m('counter', 'schedule'),
    velero_backup_partial_failure_total: m('counter', 'schedule'),
    velero_backup_failure_total: m('counter', 'schedule'),
    velero_backup_last_successful_timestamp: m('gauge', 'schedule'),
    velero_backup_duration_seconds: m('histogram', 'schedule'),
    velero_backup_location_status_gauge: m('gauge', 'backup_location_name'),
  },
};
