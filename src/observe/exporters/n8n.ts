import type { ExporterMetrics } from '../types.ts';
import { m } from './metric.ts';

/** n8n's /metrics (prefix `n8n_`), on by N8N_METRICS=true. */
export const n8n: ExporterMetrics = {
  id: 'n8n',
  title: 'n8n',
  version:
    'n8n 2.41.1 and its @n8n/config 2.39.0 from npm (the image pins 2.41.3; 2.41.1 is the newest that installs here)',
  source:
    'n8n 2.41.1 dist/metrics/prometheus/workflow-execution-duration-metrics.service.js (on by default: includeWorkflowExecutionDuration = true in @n8n/config dist/configs/endpoints.config.js) and active-workflow-metrics.service.js',
  needs: 'N8N_METRICS=true',
  metrics: {
    n8n_workflow_execution_duration_seconds: m('histogram', 'status', 'mode'),
    n8n_active_workflow_count: m('gauge'),
  },
};
