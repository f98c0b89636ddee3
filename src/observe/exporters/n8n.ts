import type { ExporterMetrics } from '../types.ts';
import { m } from './metric.ts';

/** n8n's /metrics (prefix `n8n_`), on by N8N_METRICS=true. */
export const n8n: ExporterMetrics = {
  id: 'n8n',
  title: 'n8n',
  version: 'n8n 2.41.1 and @n8n/config 2.39.0 from npm (the pinned image is 2.42.6, which npm here does not serve)',
  source:
    'n8n 2.41.1 dist/metrics/prometheus/workflow-execution-duration-metrics.service.js (on by default: includeWorkflowExecutionDuration = true in @n8n/config dist/configs/endpoints.config.js) and active-workflow-metrics.service.js',
  needs: 'N8N_METRICS=true',
  metrics: {
    n8n_workflow_execution_duration_seconds: m('histogram', 'status', 'mode'),
    n8n_active_workflow_count: m('gauge'),
  },
};
