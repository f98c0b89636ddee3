import type { ExporterMetrics } from '../types.ts';
import { m } from './metric.ts';

/** Qdrant's /metrics. */
export const qdrant: ExporterMetrics = {
  id: 'qdrant',
  title: 'Qdrant',
  version: 'v1.18.0',
  source: 'qdrant/qdrant v1.18.0 src/common/metrics.rs',
  metrics: {
    app_info: m('gauge', 'name', 'version'),
    collections_total: m('gauge'),
    collection_points: m('gauge', 'collection'),
    rest_responses_total: m('counter', 'method', 'endpoint', 'status'),
    rest_responses_avg_duration_seconds: m('gauge', 'method', 'endpoint', 'status'),
    memory_resident_bytes: m('gauge'),
  },
};
