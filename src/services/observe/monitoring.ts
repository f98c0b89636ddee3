import type { ServiceObservability } from '../../observe/types.ts';

/**
 * The scrape jobs of chart ServiceMonitors (the operator's job label: the Service name, or the value of the
 * ServiceMonitor's jobLabel), held equal to the helm recordings by test/observe/scrape-jobs.test.ts.
 */
export const monitoringObservability: readonly ServiceObservability[] = [
  {
    service: 'kube-prometheus-stack',
    scrapeJobs: [
      'kube-prometheus-stack-alertmanager',
      'kube-prometheus-stack-operator',
      'kube-prometheus-stack-prometheus',
      'kube-state-metrics',
      'node-exporter',
    ],
  },
  // Loki's chart relabels its job to <namespace>/<service>.
  { service: 'loki', scrapeJobs: ['monitoring/loki'] },
  { service: 'alloy', scrapeJobs: ['alloy'] },
  { service: 'kyverno', scrapeJobs: ['kyverno-svc-metrics'] },
];
