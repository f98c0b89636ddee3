import type { ExporterMetrics } from '../types.ts';
import { m } from './metric.ts';

/** Series Prometheus writes itself: one `up` per target and one `ALERTS` per pending or firing alert. */
export const prometheusSeries: ExporterMetrics = {
  id: 'prometheus',
  title: 'Prometheus (synthetic series)',
  version: 'v3 (kube-prometheus-stack 88.5.3)',
  source:
    'prometheus.io/docs/concepts/jobs_instances (up) and /docs/prometheus/latest/configuration/alerting_rules (ALERTS)',
  metrics: {
    up: m('gauge'),
    ALERTS: m('gauge', 'alertname', 'alertstate', 'severity', 'service'),
  },
};
