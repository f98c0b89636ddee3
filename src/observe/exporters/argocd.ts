import type { ExporterMetrics } from '../types.ts';
import { m } from './metric.ts';

/** Argo CD application controller's /metrics. */
export const argocd: ExporterMetrics = {
  id: 'argocd',
  title: 'Argo CD application controller',
  version: 'v3.3.9 (appVersion of chart argo-cd 9.5.11)',
  source: 'argoproj/argo-cd v3.3.9 controller/metrics/metrics.go (descAppInfo, descAppDefaultLabels)',
  needs: 'controller.metrics.enabled and its serviceMonitor in the argo-cd values',
  metrics: {
    argocd_app_info: m(
      'gauge',
      'exported_namespace',
      'name',
      'project',
      'autosync_enabled',
      'repo',
      'dest_server',
      'dest_namespace',
      'sync_status',
      'health_status',
      'operation',
    ),
  },
};
