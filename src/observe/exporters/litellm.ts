import type { ExporterMetrics } from '../types.ts';
import { m } from './metric.ts';

const KEY = ['end_user', 'hashed_api_key', 'api_key_alias', 'team', 'team_alias', 'user'];
/** get_labels() adds these to the families of PrometheusMetricLabels._org_label_metrics. */
const ORG = ['org_id', 'org_alias'];
const TOKENS = [...KEY, 'model', 'user_email', 'requested_model', 'model_id', 'api_provider', ...ORG];
const FALLBACK = [
  'requested_model',
  'fallback_model',
  'hashed_api_key',
  'api_key_alias',
  'team',
  'team_alias',
  'exception_status',
  'exception_class',
  'model_id',
];

/** LiteLLM's Prometheus callback (open source in this release: PrometheusLogger.__init__ has no premium check). */
export const litellm: ExporterMetrics = {
  id: 'litellm',
  title: 'LiteLLM proxy',
  version: '1.104.2 (PyPI wheel of the pinned image v1.104.2)',
  source:
    'litellm 1.104.2 litellm/types/integrations/prometheus.py (DEFINED_PROMETHEUS_METRICS; labels as PrometheusMetricLabels and get_labels() give them; LATENCY_BUCKETS) and litellm/integrations/prometheus.py; prometheus_client adds _total to counters. test/real/litellm.test.ts scrapes the real proxy and holds these families and labels equal to its /metrics',
  needs: 'litellm_settings.callbacks: [prometheus] in config.yaml',
  metrics: {
    litellm_proxy_total_requests_metric_total: m(
      'counter',
      ...KEY,
      'requested_model',
      'status_code',
      'user_email',
      'route',
      'client_ip',
      'user_agent',
      'model_id',
      'api_provider',
      ...ORG,
    ),
    litellm_proxy_failed_requests_metric_total: m(
      'counter',
      ...KEY,
      'requested_model',
      'user_email',
      'exception_status',
      'exception_class',
      'route',
      'client_ip',
      'user_agent',
      'model_id',
      'api_provider',
      ...ORG,
    ),
    litellm_request_total_latency_metric: m(
      'histogram',
      ...KEY,
      'requested_model',
      'model',
      'model_id',
      'api_provider',
      'service_tier',
      ...ORG,
    ),
    litellm_total_tokens_metric_total: m('counter', ...TOKENS),
    litellm_input_tokens_metric_total: m('counter', ...TOKENS),
    litellm_output_tokens_metric_total: m('counter', ...TOKENS),
    litellm_deployment_successful_fallbacks_total: m('counter', ...FALLBACK),
    litellm_deployment_failed_fallbacks_total: m('counter', ...FALLBACK),
    litellm_deployment_state: m('gauge', 'litellm_model_name', 'model_id', 'api_base', 'api_provider'),
  },
};
