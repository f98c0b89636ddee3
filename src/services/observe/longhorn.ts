import type { ServiceObservability } from '../../observe/types.ts';

/** Longhorn: a volume that lost a replica or is faulted. */
export const longhornObservability: ServiceObservability = {
  service: 'longhorn',
  alerts: (_ctx, self) => {
    const series = (state: string) => ({
      series: `longhorn_volume_robustness{namespace="${self.namespace}",job="longhorn-backend",node="homelab",volume="pvc-1",pvc="data",pvc_namespace="ai",state="${state}"}`,
      values: '1x60',
    });
    return [
      {
        alert: 'LonghornVolumeDegraded',
        expr: 'max by (volume, pvc, pvc_namespace, state) (longhorn_volume_robustness{state=~"degraded|faulted"}) == 1',
        for: '10m',
        severity: 'warning',
        service: self.name,
        summary: 'Longhorn volume {{ $labels.pvc_namespace }}/{{ $labels.pvc }} is {{ $labels.state }}',
        description: 'Volume {{ $labels.volume }} runs with fewer healthy replicas than it should (or none).',
        runbook: {
          meaning:
            'A Longhorn volume is degraded (a replica is missing or rebuilding) or faulted (no healthy replica: the data is unreachable).',
          confirm:
            'Longhorn UI → Volumes; `kubectl get volumes.longhorn.io -n longhorn-system`; `shai doctor` reads the Volume objects.',
          covered: { analyzer: 'longhorn-volume' },
          fix: 'Degraded: make sure the storage nodes are Ready and have free disk; Longhorn rebuilds on its own. Faulted: restore the claim from the last Velero backup (`velero restore create --from-backup <backup>`).',
        },
        test: {
          fire: [series('degraded')],
          quiet: [series('healthy')],
          labels: { volume: 'pvc-1', pvc: 'data', pvc_namespace: 'ai', state: 'degraded' },
        },
      },
    ];
  },
  scrapeJobs: ['longhorn-backend'],
};
