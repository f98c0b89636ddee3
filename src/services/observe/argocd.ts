import type { ServiceObservability } from '../../observe/types.ts';

/** Argo CD: the scrape jobs of its chart (its Applications' alerts are derived for every service). */
export const argocdObservability: ServiceObservability = {
  service: 'argocd',
  scrapeJobs: ['argocd-application-controller-metrics', 'argocd-server-metrics'],
};
