import { planned } from '../../../build/refs.ts';
import { VELERO_SCHEDULE } from '../../../services/observe/velero.ts';
import { containerPanels } from '../../../observe/dashboards/containers.ts';
import { dashboard, stat, timeseries } from '../../../observe/dashboards/panels.ts';
import type { Query, Row } from '../../../observe/dashboards/panels.ts';
import type { DashboardDef } from '../../../observe/dashboards/types.ts';
import type { ObserveContext } from '../../../observe/types.ts';
import type { PlannedService } from '../../../plan/types.ts';

/** Traefik's per-service series name of a service's IngressRoute backend. */
const traefikService = (ns: string, name: string, port: number) =>
  `service="${ns}-${name}-${port}@kubernetescrd"`;

/** One series per value of `label`: `agg by (label) (inner)`, named by that label. */
const by = (agg: string, label: string, inner: string): Query => ({
  expr: `${agg} by (${label}) (${inner})`,
  legend: `{{${label}}}`,
});

/** The `q` quantile of a histogram's buckets (series with their selector) over `window`. */
const quantile = (q: number, buckets: string, window: string) =>
  `histogram_quantile(${q}, sum by (le) (rate(${buckets}[${window}])))`;

/** Requests per second through Traefik to one backend, by status code. */
const traefikRequests = (svc: string) =>
  timeseries(
    'Requests by status',
    [by('sum', 'code', `rate(traefik_service_requests_total{${svc}}[5m])`)],
    'reqps',
  );

const traefikLatency = (svc: string, q: number) =>
  quantile(q, `traefik_service_request_duration_seconds_bucket{${svc}}`, '5m');

/** A dashboard of one service: one row of panels, each linking to the logs of the service's namespace. */
function serviceDashboard(
  uid: string,
  title: string,
  service: string,
  row: (self: PlannedService, plan: ObserveContext['plan']) => Omit<Row, 'namespace'>,
): DashboardDef {
  return {
    uid,
    title,
    services: [service],
    build: ({ plan }) => {
      const self = planned(plan, service);
      return dashboard(uid, title, [{ ...row(self, plan), namespace: self.namespace }]);
    },
  };
}

/** One dashboard per service family that exposes metrics (or, for Open WebUI and Valkey, what Traefik and cAdvisor see). */
export const openWebuiDashboard = serviceDashboard('shai-open-webui', 'Open WebUI', 'open-webui', (self) => {
  const svc = traefikService(self.namespace, self.name, self.def.ports[0]!.port);
  return {
    title: 'Requests through Traefik (Open WebUI has no metrics endpoint of its own)',
    panels: [
      traefikRequests(svc),
      timeseries(
        'Latency',
        [0.5, 0.95].map((p) => ({ expr: traefikLatency(svc, p), legend: `p${p * 100}` })),
        's',
      ),
      ...containerPanels(self),
    ],
  };
});

export const keycloakDashboard = serviceDashboard('shai-keycloak', 'Keycloak', 'keycloak', (self, plan) => {
  const realm = `realm="${plan.config.sso.realm}"`;
  return {
    title: `Realm ${plan.config.sso.realm}`,
    panels: [
      timeseries('Logins', [
        by(
          'sum',
          'event',
          `increase(keycloak_user_events_total{${realm},event=~"login|logout|code_to_token"}[5m])`,
        ),
      ]),
      timeseries('Login errors by error', [
        by('sum', 'error', `increase(keycloak_user_events_total{${realm},event="login",error!=""}[5m])`),
      ]),
      timeseries(
        'HTTP requests by status',
        [by('sum', 'status', `rate(http_server_requests_seconds_count{namespace="${self.namespace}"}[5m])`)],
        'reqps',
      ),
      ...containerPanels(self),
    ],
  };
});

export const n8nDashboard = serviceDashboard('shai-n8n', 'n8n', 'n8n', (self) => {
  const ns = `namespace="${self.namespace}"`;
  return {
    title: 'Workflows',
    panels: [
      stat('Active workflows', { expr: `sum(n8n_active_workflow_count{${ns}})` }),
      timeseries('Executions by status', [
        by('sum', 'status', `increase(n8n_workflow_execution_duration_seconds_count{${ns}}[1h])`),
      ]),
      timeseries(
        'Execution time p95',
        [
          {
            expr: quantile(0.95, `n8n_workflow_execution_duration_seconds_bucket{${ns}}`, '15m'),
            legend: 'p95',
          },
        ],
        's',
      ),
      ...containerPanels(self),
    ],
  };
});

export const qdrantDashboard = serviceDashboard('shai-qdrant', 'Qdrant', 'qdrant', (self) => {
  const ns = `namespace="${self.namespace}"`;
  return {
    title: 'Collections and requests',
    panels: [
      stat('Collections', { expr: `max(collections_total{${ns}})` }),
      timeseries('Points per collection', [by('max', 'collection', `collection_points{${ns}}`)]),
      timeseries(
        'REST requests by status',
        [by('sum', 'status', `rate(rest_responses_total{${ns}}[5m])`)],
        'reqps',
      ),
      timeseries('Resident memory', [{ expr: `max(memory_resident_bytes{${ns}})` }], 'bytes'),
    ],
  };
});

export const postgresDashboard: DashboardDef = {
  uid: 'shai-postgresql',
  title: 'PostgreSQL',
  services: ['cnpg-operator'],
  build: ({ plan }) =>
    dashboard(
      'shai-postgresql',
      'PostgreSQL',
      plan.services.flatMap((svc) => {
        if (!svc.database) return [];
        const sel = `namespace="${svc.namespace}",cluster="${svc.database.cluster}"`;
        const pods = `namespace="${svc.namespace}",pod=~"${svc.database.cluster}-[0-9]+"`;
        return [
          {
            title: `${svc.database.cluster} (${svc.name})`,
            namespace: svc.namespace,
            panels: [
              stat('Up', { expr: `min(cnpg_collector_up{${sel}})` }),
              timeseries(
                'Database size',
                [by('max', 'datname', `cnpg_pg_database_size_bytes{${pods},datname!~"template.*"}`)],
                'bytes',
              ),
              timeseries('Connections', [by('sum', 'state', `cnpg_backends_total{${pods}}`)]),
              timeseries(
                'Transactions',
                [
                  { expr: `sum(rate(cnpg_pg_stat_database_xact_commit{${pods}}[5m]))`, legend: 'commit' },
                  { expr: `sum(rate(cnpg_pg_stat_database_xact_rollback{${pods}}[5m]))`, legend: 'rollback' },
                ],
                'ops',
              ),
            ],
          },
        ];
      }),
    ),
};

// Valkey serves no Prometheus metrics itself and shai runs no exporter beside it: what the kubelet sees.
export const valkeyDashboard = serviceDashboard('shai-valkey', 'Valkey', 'valkey', (self) => ({
  title: 'Valkey pods (container metrics; no Valkey exporter is deployed)',
  panels: containerPanels(self),
}));

export const longhornDashboard = serviceDashboard('shai-longhorn', 'Longhorn', 'longhorn', () => ({
  title: 'Volumes and nodes',
  panels: [
    timeseries(
      'Volume usage',
      [
        {
          expr: 'max by (pvc_namespace, pvc) (longhorn_volume_actual_size_bytes / longhorn_volume_capacity_bytes)',
          legend: '{{pvc_namespace}}/{{pvc}}',
        },
      ],
      'percentunit',
    ),
    timeseries('Volumes not healthy', [
      by('count', 'state', 'longhorn_volume_robustness{state!="healthy"} == 1'),
    ]),
    timeseries(
      'Node storage used',
      [by('max', 'node', 'longhorn_node_storage_usage_bytes / longhorn_node_storage_capacity_bytes')],
      'percentunit',
    ),
  ],
}));

export const veleroDashboard = serviceDashboard('shai-backups', 'Backups (Velero)', 'velero', () => {
  const sel = `schedule="${VELERO_SCHEDULE}"`;
  const perDay = (metric: string, legend: string): Query => ({
    expr: `sum(increase(velero_backup_${metric}_total{${sel}}[1d]))`,
    legend,
  });
  return {
    title: `Schedule ${VELERO_SCHEDULE}`,
    panels: [
      stat(
        'Hours since the last good backup',
        { expr: `(time() - max(velero_backup_last_successful_timestamp{${sel}})) / 3600` },
        'h',
      ),
      timeseries('Backups per day', [
        perDay('success', 'succeeded'),
        perDay('partial_failure', 'partly failed'),
        perDay('failure', 'failed'),
      ]),
      timeseries(
        'Backup duration p95',
        [{ expr: quantile(0.95, `velero_backup_duration_seconds_bucket{${sel}}`, '1d') }],
        's',
      ),
      timeseries('Storage location available', [
        by('max', 'backup_location_name', 'velero_backup_location_status_gauge'),
      ]),
    ],
  };
});

export const traefikDashboard: DashboardDef = {
  uid: 'shai-traefik',
  title: 'Traefik per host',
  services: ['traefik'],
  build: ({ plan }) =>
    dashboard(
      'shai-traefik',
      'Traefik per host',
      plan.hosts.map((h) => {
        const self = planned(plan, h.service);
        const port = self.def.ports.find((p) => p.name === h.port)!;
        const svc = traefikService(self.namespace, port.serviceName ?? self.name, port.port);
        return {
          title: h.host,
          namespace: self.namespace,
          panels: [
            traefikRequests(svc),
            timeseries('Latency p95', [{ expr: traefikLatency(svc, 0.95) }], 's'),
          ],
        };
      }),
    ),
};
