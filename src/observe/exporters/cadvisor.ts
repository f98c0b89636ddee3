import type { ExporterMetrics } from '../types.ts';
import { m } from './metric.ts';

/** cAdvisor inside the kubelet (`/metrics/cadvisor`): per-container CPU and memory. */
export const cadvisor: ExporterMetrics = {
  id: 'cadvisor',
  title: 'cAdvisor (kubelet)',
  version: 'v0.52.1 (vendored by Kubernetes v1.33)',
  source: 'google/cadvisor v0.52.1 metrics/prometheus.go',
  metrics: {
    container_cpu_usage_seconds_total: m('counter', 'container', 'pod', 'namespace', 'image', 'name', 'id'),
    container_memory_working_set_bytes: m('gauge', 'container', 'pod', 'namespace', 'image', 'name', 'id'),
  },
};
