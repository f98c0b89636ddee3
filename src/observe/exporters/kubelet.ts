import type { ExporterMetrics } from '../types.ts';
import { m } from './metric.ts';

/** The kubelet's own metrics (k3s runs the kubelet in its process; kube-prometheus-stack scrapes it on 10250). */
export const kubelet: ExporterMetrics = {
  id: 'kubelet',
  title: 'kubelet',
  version: 'Kubernetes v1.33 (k3s v1.33.10+k3s1)',
  source:
    'kubernetes.io/docs/reference/instrumentation/metrics (kubelet_volume_stats_*, ALPHA, labels namespace and persistentvolumeclaim)',
  metrics: {
    kubelet_volume_stats_available_bytes: m('gauge', 'namespace', 'persistentvolumeclaim'),
    kubelet_volume_stats_capacity_bytes: m('gauge', 'namespace', 'persistentvolumeclaim'),
    kubelet_volume_stats_used_bytes: m('gauge', 'namespace', 'persistentvolumeclaim'),
  },
};
