import { isPlanned, planned } from '../../../build/refs.ts';
import { plannedVram } from '../../../services/observe/gpu-operator.ts';
import { dashboard, logs, timeseries, type Row } from '../../../observe/dashboards/panels.ts';
import type { DashboardDef } from '../../../observe/dashboards/types.ts';

/** GPU and models: the cards (DCGM), VRAM against the plan, Ollama's model loads, LiteLLM per alias. */
export const gpuModelsDashboard: DashboardDef = {
  uid: 'shai-gpu-models',
  title: 'GPU and models',
  services: ['gpu-operator', 'litellm', 'ollama-gpu', 'ollama-cpu'],
  build: (ctx) => {
    const { plan } = ctx;
    const rows: Row[] = [];
    if (isPlanned(plan, 'gpu-operator')) {
      const vram = plannedVram(plan).map((v) =>
        timeseries(
          `VRAM used vs plan: ${v.node}`,
          [{ expr: `sum by (gpu) (DCGM_FI_DEV_FB_USED{Hostname="${v.node}"})`, legend: 'GPU {{gpu}}' }],
          'decmbytes',
          // The planner's figures as lines: Ollama's share, everything placed, the card.
          [
            { value: v.ollamaMiB, color: 'yellow' },
            { value: v.plannedMiB, color: 'orange' },
            { value: v.cardMiB, color: 'red' },
          ],
        ),
      );
      rows.push({
        title: 'GPUs',
        namespace: 'gpu-operator',
        panels: [
          timeseries(
            'Utilisation',
            [{ expr: 'DCGM_FI_DEV_GPU_UTIL', legend: '{{Hostname}} GPU {{gpu}}' }],
            'percent',
          ),
          ...vram,
          timeseries(
            'Temperature',
            [{ expr: 'DCGM_FI_DEV_GPU_TEMP', legend: '{{Hostname}} GPU {{gpu}}' }],
            'celsius',
            [{ value: 85, color: 'red' }],
          ),
          timeseries(
            'Power',
            [{ expr: 'DCGM_FI_DEV_POWER_USAGE', legend: '{{Hostname}} GPU {{gpu}}' }],
            'watt',
          ),
        ],
      });
    }
    for (const name of ['ollama-gpu', 'ollama-cpu'].filter((s) => isPlanned(plan, s))) {
      const ns = planned(plan, name).namespace;
      rows.push({
        title: `Ollama (${name})`,
        namespace: ns,
        panels: [
          timeseries(
            'Memory of the pod',
            [
              {
                expr: `sum by (pod) (container_memory_working_set_bytes{namespace="${ns}",pod=~"${name}-.*",container!=""})`,
                legend: '{{pod}}',
              },
            ],
            'bytes',
          ),
          // Ollama has no Prometheus endpoint (v0.32.3): its log says when a model is loaded (llm/llama_server.go).
          logs('Model loads', `{namespace="${ns}", app="${name}"} |= "loading model"`),
        ],
      });
    }
    if (isPlanned(plan, 'litellm')) {
      const ns = `namespace="${planned(plan, 'litellm').namespace}"`;
      const q = (p: number) => ({
        expr: `histogram_quantile(${p}, sum by (le, requested_model) (rate(litellm_request_total_latency_metric_bucket{${ns}}[5m])))`,
        legend: `p${p * 100} {{requested_model}}`,
      });
      rows.push({
        title: 'LiteLLM per alias',
        namespace: planned(plan, 'litellm').namespace,
        panels: [
          timeseries(
            'Requests',
            [
              {
                expr: `sum by (requested_model) (rate(litellm_proxy_total_requests_metric_total{${ns}}[5m]))`,
                legend: '{{requested_model}}',
              },
            ],
            'reqps',
          ),
          timeseries('Tokens', [
            {
              expr: `sum by (requested_model) (rate(litellm_input_tokens_metric_total{${ns}}[5m]))`,
              legend: 'in {{requested_model}}',
            },
            {
              expr: `sum by (requested_model) (rate(litellm_output_tokens_metric_total{${ns}}[5m]))`,
              legend: 'out {{requested_model}}',
            },
          ]),
          timeseries('Latency', [q(0.5), q(0.95), q(0.99)], 's'),
          timeseries(
            'Errors',
            [
              {
                expr: `sum by (requested_model, exception_status) (rate(litellm_proxy_failed_requests_metric_total{${ns}}[5m]))`,
                legend: '{{requested_model}} {{exception_status}}',
              },
            ],
            'reqps',
          ),
          timeseries(
            'Fallbacks',
            [
              {
                expr: `sum by (requested_model, fallback_model) (rate(litellm_deployment_successful_fallbacks_total{${ns}}[5m]))`,
                legend: 'ok {{requested_model}} → {{fallback_model}}',
              },
              {
                expr: `sum by (requested_model, fallback_model) (rate(litellm_deployment_failed_fallbacks_total{${ns}}[5m]))`,
                legend: 'failed {{requested_model}} → {{fallback_model}}',
              },
            ],
            'reqps',
          ),
        ],
      });
    }
    return dashboard(gpuModelsDashboard.uid, gpuModelsDashboard.title, rows);
  },
};
