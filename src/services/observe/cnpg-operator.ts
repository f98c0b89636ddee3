import type { AlertSpec, ServiceObservability } from '../../observe/types.ts';

/** PostgreSQL: each CloudNativePG Cluster of the plan (the operator's PodMonitor scrapes its instances). */
export const cnpgOperatorObservability: ServiceObservability = {
  service: 'cnpg-operator',
  // The chart's PodMonitor: the operator names the job <namespace>/<name>.
  scrapeJobs: ['cnpg-system/cnpg-operator-cloudnative-pg'],
  alerts: ({ plan }) =>
    plan.services.flatMap((svc): AlertSpec[] => {
      if (!svc.database) return [];
      const { cluster } = svc.database;
      const s = (v: number) => ({
        series: `cnpg_collector_up{namespace="${svc.namespace}",job="${svc.namespace}/${cluster}",pod="${cluster}-1",cluster="${cluster}"}`,
        values: `${v}x60`,
      });
      return [
        {
          alert: 'PostgresDown',
          expr: `max by (namespace, cluster) (cnpg_collector_up{namespace="${svc.namespace}",cluster="${cluster}"}) == 0`,
          for: '5m',
          severity: 'critical',
          // The service whose data it is: Alertmanager groups it with that service's other alerts.
          service: svc.name,
          labels: { cluster },
          summary: `PostgreSQL of ${svc.name} (${svc.namespace}/${cluster}) is down`,
          description: `The CloudNativePG instance reports PostgreSQL not running; ${svc.name} cannot read or write its data.`,
          runbook: {
            meaning:
              'The instance manager of a CloudNativePG Cluster runs but PostgreSQL inside it does not answer: the service that owns the database fails its requests.',
            confirm:
              '`kubectl cnpg status -n <namespace> <cluster>` or `kubectl get cluster -n <namespace>`; `kubectl logs -n <namespace> <cluster>-1`; `shai doctor`.',
            covered: { analyzer: 'pod-crash-loop' },
            fix: 'A full volume (PersistentVolumeAlmostFull) is the usual cause: grow the database size in the service definition; otherwise follow the instance log. Restore from the Velero/Barman backup as the last resort.',
          },
          test: { fire: [s(0)], quiet: [s(1)], labels: { namespace: svc.namespace, cluster } },
        },
      ];
    }),
};
