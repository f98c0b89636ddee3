import type { ServiceObservability } from '../../observe/types.ts';

/** Argo CD: Applications that are degraded, or out of sync for too long. */
export const argocdObservability: ServiceObservability = {
  service: 'argocd',
  scrapeJobs: ['argocd-application-controller-metrics', 'argocd-server-metrics'],
  alerts: (_ctx, self) => {
    const app = (labels: string) => ({
      series: `argocd_app_info{namespace="${self.namespace}",job="argocd-application-controller-metrics",name="litellm",project="ai",${labels}}`,
      values: '1x60',
    });
    return [
      {
        alert: 'ArgoCdAppDegraded',
        expr: 'max by (name, project) (argocd_app_info{health_status="Degraded"}) == 1',
        for: '15m',
        severity: 'warning',
        service: self.name,
        summary: 'Argo CD Application {{ $labels.name }} is degraded',
        description: 'One of its resources has been unhealthy for 15 minutes.',
        runbook: {
          meaning: 'Argo CD reports a resource of the Application as Degraded: a Deployment without available replicas, a failed Job, a PVC not bound.',
          confirm: '`argocd app get <name>` or the Argo CD UI; `shai doctor` reads the Application status and the objects behind it.',
          covered: { analyzer: 'argocd-app' },
          fix: 'Follow the unhealthy resource in `shai doctor`; the Application recovers on its own once the resource is healthy.',
        },
        test: { fire: [app('health_status="Degraded",sync_status="Synced"')], quiet: [app('health_status="Healthy",sync_status="Synced"')], labels: { name: 'litellm', project: 'ai' } },
      },
      {
        alert: 'ArgoCdAppOutOfSync',
        expr: 'max by (name, project) (argocd_app_info{sync_status!="Synced"}) == 1',
        for: '30m',
        severity: 'warning',
        service: self.name,
        summary: 'Argo CD Application {{ $labels.name }} has been out of sync for 30 minutes',
        description: 'What is in git is not what runs: a sync fails, or something in the cluster changes it back.',
        runbook: {
          meaning: 'The Application has not matched the rendered tree in git for 30 minutes: a sync error (admission denied, invalid object, missing CRD) or a controller that rewrites a field Argo CD owns.',
          confirm: '`argocd app diff <name>`; the sync result in the UI; `shai doctor` shows the Application conditions.',
          covered: { analyzer: 'argocd-app' },
          fix: 'Read the sync error; `shai check deploy` proves the tree offline (admission, schemas, ordering). A field another controller owns needs an ignoreDifferences entry.',
        },
        test: { fire: [app('health_status="Healthy",sync_status="OutOfSync"')], quiet: [app('health_status="Healthy",sync_status="Synced"')], labels: { name: 'litellm', project: 'ai' }, evalTime: '50m' },
      },
    ];
  },
};
