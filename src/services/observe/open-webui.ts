import { burnRateAlerts } from '../../observe/burn-rate.ts';
import type { ServiceObservability } from '../../observe/types.ts';

/**
 * Open WebUI exposes no Prometheus metrics of its own (v0.8.11 has OpenTelemetry only), so its objectives are
 * measured where every request passes: Traefik's per-service counters of the IngressRoute's backend
 * (`<namespace>-<service>-<port>@kubernetescrd`).
 */
export const openWebuiObservability: ServiceObservability = {
  service: 'open-webui',
  alerts: (_ctx, self) => {
    const port = self.def.ports[0]!.port;
    const svc = `service="${self.namespace}-${self.name}-${port}@kubernetescrd"`;
    const series = (code: string, perMinute: number) => ({
      series: `traefik_service_requests_total{namespace="kube-system",job="traefik-metrics",${svc},code="${code}",method="GET",protocol="http"}`,
      values: `0+${perMinute}x420`,
    });
    const bucket = (le: string, perMinute: number) => ({
      series: `traefik_service_request_duration_seconds_bucket{namespace="kube-system",job="traefik-metrics",${svc},code="200",method="GET",protocol="http",le="${le}"}`,
      values: `0+${perMinute}x420`,
    });
    return [
      ...burnRateAlerts({
        alert: 'OpenWebuiErrorBudgetBurn',
        service: self.name,
        title: 'Open WebUI',
        target: 0.995,
        bad: (w) => `sum(rate(traefik_service_requests_total{${svc},code=~"5.."}[${w}]))`,
        all: (w) => `sum(rate(traefik_service_requests_total{${svc}}[${w}]))`,
        series: (share) => [series('200', 10 * (1 - share)), series('502', 10 * share)],
        runbook: {
          meaning:
            'More than 0.5% of the requests Traefik passed to Open WebUI got a 5xx answer: users see errors or a bad gateway.',
          confirm:
            'Grafana → shai → Open WebUI, "Requests by status"; `kubectl logs -n ai deploy/open-webui`; `shai doctor` for the pod and its database.',
          covered: { analyzer: 'workload-replicas' },
          fix: '502/503 mean no ready pod behind the route (see ServiceUnavailable); 500 come from Open WebUI itself: read its log around the time, often the LiteLLM or Ollama backend it calls.',
        },
      }),
      ...burnRateAlerts({
        alert: 'OpenWebuiLatencyBudgetBurn',
        service: self.name,
        title: 'Open WebUI latency',
        target: 0.95,
        // 1.2 s is a bucket of Traefik's default histogram (0.1, 0.3, 1.2, 5): a UI page should be there by then.
        bad: (w) =>
          `(sum(rate(traefik_service_request_duration_seconds_count{${svc}}[${w}])) - sum(rate(traefik_service_request_duration_seconds_bucket{${svc},le="1.2"}[${w}])))`,
        all: (w) => `sum(rate(traefik_service_request_duration_seconds_count{${svc}}[${w}]))`,
        series: (share) => [
          {
            ...bucket('+Inf', 10),
            series: bucket('+Inf', 10).series.replace('_bucket', '_count').replace(',le="+Inf"', ''),
          },
          bucket('1.2', 10 * (1 - share)),
        ],
        runbook: {
          meaning:
            'More than 5% of Open WebUI requests took longer than 1.2 s at Traefik: pages load slowly.',
          confirm:
            'Grafana → shai → Open WebUI, "Latency"; compare with LiteLLM latency on the GPU and models dashboard (chat answers stream through Open WebUI).',
          covered: {
            none: 'latency is not visible in cluster objects; doctor reports this alert when it fires (`shai doctor --probe`)',
          },
          fix: "Slow chat answers are model latency (see LitellmLatencyBudgetBurn); slow pages with idle models point at Open WebUI's database or CPU limit: raise resources in platform.yaml.",
        },
      }),
    ];
  },
};
