import type { ExporterMetrics } from '../types.ts';
import { m } from './metric.ts';

const VOLUME = ['node', 'volume', 'pvc', 'pvc_namespace'];

/** Longhorn manager's /metrics (port 9500 of every manager pod). */
export const longhorn: ExporterMetrics = {
  id: 'longhorn',
  title: 'Longhorn manager',
  version: 'v1.12.1',
  source:
    'longhorn/longhorn-manager v1.12.1 metrics_collector/volume_collector.go (robustness is 1 for the current one of unknown, healthy, degraded, faulted) and node_collector.go',
  needs: 'metrics.serviceMonitor.enabled in the longhorn values',
  metrics: {
    longhorn_volume_robustness: m('gauge', ...VOLUME, 'state'),
    longhorn_volume_state: m('gauge', ...VOLUME, 'state'),
    longhorn_volume_capacity_bytes: m('gauge', ...VOLUME),
    longhorn_volume_actual_size_bytes: m('gauge', ...VOLUME),
    longhorn_node_storage_capacity_bytes: m('gauge', 'node'),
    longhorn_node_storage_usage_bytes: m('gauge', 'node'),
  },
};
