import { burnRateAlerts } from '../../observe/burn-rate.ts';
import type { ServiceObservability, TestSeries } from '../../observe/types.ts';

const counter = (name: string, perMinute: number): TestSeries => ({
  series: `${name}{namespace="ai",job="litellm",requested_model="general"}`,
  values: `0+${perMinute}x420`,
});

/** LiteLLM: error and latency objectives from its own Prometheus callback. */
export const litellmObservability: ServiceObservability = {
  service: 'litellm',
  alerts: (_ctx, self) => {
    const ns = `namespace="${self.namespace}"`;
    return [
      ...burnRateAlerts({
        alert: 'LitellmErrorBudgetBurn',
        service: self.name,
        title: 'LiteLLM',
        target: 0.99,
        bad: (w) => `sum(rate(litellm_proxy_failed_requests_metric_total{${ns}}[${w}]))`,
        all: (w) => `sum(rate(litellm_proxy_total_requests_metric_total{${ns}}[${w}]))`,
        series: (share) => [
          counter('litellm_proxy_total_requests_metric_total', 10),
          counter('litellm_proxy_failed_requests_metric_total', 10 * share),
        ],
        runbook: {
          meaning:
            'More than 1% of the requests LiteLLM answered in the last hour (or six hours) failed: clients see errors from the models.',
          confirm:
            'Grafana → shai → GPU and models, "LiteLLM errors by alias"; `kubectl logs -n ai deploy/litellm` shows the exception per request; `shai doctor` checks the Ollama pods behind it.',
          covered: { analyzer: 'workload-replicas' },
          fix: 'A failing alias usually means its Ollama instance is down or the model is not pulled: `shai models sync`, then check the ollama-gpu/ollama-cpu pods. Fallbacks in platform.yaml `models` keep an alias answering while one instance is down.',
        },
      }),
      ...burnRateAlerts({
        alert: 'LitellmLatencyBudgetBurn',
        service: self.name,
        title: 'LiteLLM latency',
        target: 0.95,
        // Requests slower than 30 s (a bucket of LiteLLM's LATENCY_BUCKETS) count against the objective.
        bad: (w) =>
          `(sum(rate(litellm_request_total_latency_metric_count{${ns}}[${w}])) - sum(rate(litellm_request_total_latency_metric_bucket{${ns},le="30.0"}[${w}])))`,
        all: (w) => `sum(rate(litellm_request_total_latency_metric_count{${ns}}[${w}]))`,
        series: (share) => [
          counter('litellm_request_total_latency_metric_count', 10),
          {
            series: 'litellm_request_total_latency_metric_bucket{namespace="ai",job="litellm",le="30.0"}',
            values: `0+${10 * (1 - share)}x420`,
          },
        ],
        runbook: {
          meaning:
            'More than 5% of LiteLLM requests took longer than 30 s end to end: models are swapping in and out of VRAM, or the GPU is saturated and requests queue.',
          confirm:
            'Grafana → shai → GPU and models: "LiteLLM latency p50/p95/p99" beside GPU utilisation and VRAM; the Ollama logs panel shows model loads.',
          covered: {
            none: 'latency is not visible in cluster objects; doctor reports this alert when it fires (`shai doctor --probe`)',
          },
          fix: 'Keep the busy models loaded (`keepLoaded` in platform.yaml), move large models to the CPU instance, or lower contextLength; `shai models plan` shows what fits in VRAM together.',
        },
      }),
    ];
  },
};
