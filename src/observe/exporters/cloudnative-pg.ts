import type { ExporterMetrics } from '../types.ts';
import { m } from './metric.ts';

/** The metrics every CloudNativePG instance exports on port 9187 (the default monitoring queries). */
export const cloudnativePg: ExporterMetrics = {
  id: 'cloudnative-pg',
  title: 'CloudNativePG instance',
  version: 'v1.29.0 (appVersion of chart cloudnative-pg 0.28.0)',
  source:
    'cloudnative-pg/cloudnative-pg v1.29.0 pkg/management/postgres/webserver/metricserver/pg_collector.go (cnpg_collector_*) and config/manager/default-monitoring.yaml (cnpg_<query>_<column>)',
  needs: 'a PodMonitor per Cluster (shai renders one beside each Cluster)',
  metrics: {
    cnpg_collector_up: m('gauge', 'cluster'),
    cnpg_backends_total: m('gauge', 'datname', 'usename', 'application_name', 'state'),
    cnpg_pg_database_size_bytes: m('gauge', 'datname'),
    cnpg_pg_replication_lag: m('gauge'),
    cnpg_pg_stat_archiver_failed_count: m('counter'),
    cnpg_pg_stat_database_xact_commit: m('counter', 'datname'),
    cnpg_pg_stat_database_xact_rollback: m('counter', 'datname'),
    cnpg_pg_stat_database_deadlocks: m('counter', 'datname'),
  },
};
