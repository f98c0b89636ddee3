import type { ServiceObservability } from '../../observe/types.ts';

/** Qdrant: REST requests answered with server errors. */
export const qdrantObservability: ServiceObservability = {
  service: 'qdrant',
  alerts: (_ctx, self) => {
    const s = (status: string, values: string) => ({
      series: `rest_responses_total{namespace="${self.namespace}",job="qdrant",method="POST",endpoint="/collections/{name}/points/search",status="${status}"}`,
      values,
    });
    const ns = `namespace="${self.namespace}",job="qdrant"`;
    return [
      {
        alert: 'QdrantServerErrors',
        expr: `sum(rate(rest_responses_total{${ns},status=~"5.."}[10m])) / sum(rate(rest_responses_total{${ns}}[10m])) > 0.05`,
        for: '10m',
        severity: 'warning',
        service: self.name,
        summary: 'More than 5% of Qdrant requests fail with a server error',
        description: '{{ $value | humanizePercentage }} of REST requests answered 5xx over 10 minutes.',
        runbook: {
          meaning:
            'Qdrant answers searches or upserts with 5xx: its volume is full or read-only, a collection is corrupt, or it runs out of memory.',
          confirm:
            'Grafana → shai → Qdrant; `kubectl logs -n ai statefulset/qdrant`; PersistentVolumeAlmostFull for its claim.',
          covered: { analyzer: 'pod-crash-loop' },
          fix: 'Free or grow the volume (storage in platform.yaml), raise the memory limit, or recreate the broken collection from its source documents.',
        },
        test: {
          fire: [s('200', '0+10x60'), s('500', '0+5x60')],
          quiet: [s('200', '0+10x60'), s('500', '0x60')],
          labels: {},
        },
      },
    ];
  },
};
