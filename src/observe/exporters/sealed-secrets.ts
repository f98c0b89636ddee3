import type { ExporterMetrics } from '../types.ts';
import { m } from './metric.ts';

/** Sealed Secrets controller's /metrics (namespace `sealed_secrets_controller`). */
export const sealedSecrets: ExporterMetrics = {
  id: 'sealed-secrets',
  title: 'Sealed Secrets controller',
  version: 'v0.32.1 (appVersion of chart sealed-secrets 2.17.6)',
  source: 'bitnami-labs/sealed-secrets v0.32.1 pkg/controller/metrics.go',
  metrics: {
    sealed_secrets_controller_unseal_requests_total: m('counter'),
    sealed_secrets_controller_unseal_errors_total: m('counter', 'reason', 'namespace'),
    sealed_secrets_controller_condition_info: m('gauge', 'namespace', 'name', 'condition', 'instance'),
  },
};
