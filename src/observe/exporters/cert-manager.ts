import type { ExporterMetrics } from '../types.ts';
import { m } from './metric.ts';

// The chart's ServiceMonitor does not honour labels: the Certificate's namespace arrives as exported_namespace.
const CERT = ['name', 'exported_namespace', 'issuer_name', 'issuer_kind', 'issuer_group'];

/** cert-manager controller's /metrics. */
export const certManager: ExporterMetrics = {
  id: 'cert-manager',
  title: 'cert-manager',
  version: 'v1.21.1',
  source: 'cert-manager/cert-manager v1.21.1 pkg/metrics/certificates.go',
  metrics: {
    certmanager_certificate_expiration_timestamp_seconds: m('gauge', ...CERT),
    certmanager_certificate_ready_status: m('gauge', ...CERT, 'condition'),
  },
};
