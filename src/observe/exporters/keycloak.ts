import type { ExporterMetrics } from '../types.ts';
import { m } from './metric.ts';

/** Keycloak's management /metrics (Quarkus Micrometer), with the user-event counters. */
export const keycloak: ExporterMetrics = {
  id: 'keycloak',
  title: 'Keycloak',
  version: '26.x docs (the pinned image is 26.7.2)',
  source:
    'keycloak.org/observability/metrics-for-troubleshooting-keycloak (keycloak_user_events_total, http_server_requests_seconds) and /observability/event-metrics',
  needs: 'KC_METRICS_ENABLED=true and KC_EVENT_METRICS_USER_ENABLED=true',
  metrics: {
    keycloak_user_events_total: m('counter', 'realm', 'event', 'error', 'client_id', 'idp'),
    http_server_requests_seconds: m('summary', 'method', 'outcome', 'status', 'uri'),
  },
};
