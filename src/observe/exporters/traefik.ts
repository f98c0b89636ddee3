import type { ExporterMetrics } from '../types.ts';
import { m } from './metric.ts';

const REQ = ['code', 'method', 'protocol'];

/** Traefik v3's Prometheus metrics (k3s v1.33 bundles a Traefik 3.x; these names are unchanged through 3.7.9). */
export const traefik: ExporterMetrics = {
  id: 'traefik',
  title: 'Traefik',
  version: 'v3.6.9 (the Traefik 3 of k3s v1.33.10+k3s1)',
  source: 'traefik/traefik v3.6.9 pkg/observability/metrics/prometheus.go (default buckets 0.1, 0.3, 1.2, 5)',
  metrics: {
    traefik_service_requests_total: m('counter', ...REQ, 'service'),
    traefik_service_request_duration_seconds: m('histogram', ...REQ, 'service'),
    traefik_router_requests_total: m('counter', ...REQ, 'router', 'service'),
    traefik_router_request_duration_seconds: m('histogram', ...REQ, 'router', 'service'),
    traefik_entrypoint_requests_total: m('counter', ...REQ, 'entrypoint'),
  },
};
