import { planned } from '../../../build/refs.ts';
import { VELERO_SCHEDULE } from '../../../services/observe/velero.ts';
import { containerPanels } from '../../../observe/dashboards/containers.ts';
import { dashboard, stat, timeseries } from '../../../observe/dashboards/panels.ts';
import type { DashboardDef } from '../../../observe/dashboards/types.ts';

/** Traefik's per-service series name of a service's IngressRoute backend. */
const traefikService = (ns: string, name: string, port: number) =>
  `service="${ns}-${name}-${port}@kubernetescrd"`;

/** One dashboard per service family that exposes metrics (or, for Open WebUI and Valkey, what Traefik and cAdvisor see). */
export const openWebuiDashboard: DashboardDef = {
  uid: 'shai-open-webui',
  title: 'Open WebUI',
  services: ['open-webui'],
  build: ({ plan }) => {
    const self = planned(plan, 'open-webui');
    const svc = traefikService(self.namespace, self.name, self.def.ports[0]!.port);
    return dashboard('shai-open-webui', 'Open WebUI', [
      {
        title: 'Requests through Traefik (Open WebUI has no metrics endpoint of its own)',
        namespace: self.namespace,
        panels: [
          timeseries(
            'Requests by status',
            [
              {
                expr: `sum by (code) (rate(traefik_service_requests_total{${svc}}[5m]))`,
                legend: '{{code}}',
              },
            ],
            'reqps',
          ),
          timeseries(
            'Latency',
            [0.5, 0.95].map((p) => ({
              expr: `histogram_quantile(${p}, sum by (le) (rate(traefik_service_request_duration_seconds_bucket{${svc}}[5m])))`,
              legend: `p${p * 100}`,
            })),
            's',
          ),
          ...containerPanels(self),
        ],
      },
    ]);
  },
};

export const keycloakDashboard: DashboardDef = {
  uid: 'shai-keycloak',
  title: 'Keycloak',
  services: ['keycloak'],
  build: ({ plan }) => {
    const self = planned(plan, 'keycloak');
    const realm = `realm="${plan.config.sso.realm}"`;
    return dashboard('shai-keycloak', 'Keycloak', [
      {
        title: `Realm ${plan.config.sso.realm}`,
        namespace: self.namespace,
        panels: [
          timeseries('Logins', [
            {
              expr: `sum by (event) (increase(keycloak_user_events_total{${realm},event=~"login|logout|code_to_token"}[5m]))`,
              legend: '{{event}}',
            },
          ]),
          timeseries('Login errors by error', [
            {
              expr: `sum by (error) (increase(keycloak_user_events_total{${realm},event="login",error!=""}[5m]))`,
              legend: '{{error}}',
            },
          ]),
          timeseries(
            'HTTP requests by status',
            [
              {
                expr: `sum by (status) (rate(http_server_requests_seconds_count{namespace="${self.namespace}"}[5m]))`,
                legend: '{{status}}',
              },
            ],
            'reqps',
          ),
          ...containerPanels(self),
        ],
      },
    ]);
  },
};

export const n8nDashboard: DashboardDef = {
  uid: 'shai-n8n',
  title: 'n8n',
  services: ['n8n'],
  build: ({ plan }) => {
    const self = planned(plan, 'n8n');
    const ns = `namespace="${self.namespace}"`;
    return dashboard('shai-n8n', 'n8n', [
      {
        title: 'Workflows',
        namespace: self.namespace,
        panels: [
          stat('Active workflows', { expr: `sum(n8n_active_workflow_count{${ns}})` }),
          timeseries('Executions by status', [
            {
              expr: `sum by (status) (increase(n8n_workflow_execution_duration_seconds_count{${ns}}[1h]))`,
              legend: '{{status}}',
            },
          ]),
          timeseries(
            'Execution time p95',
            [
              {
                expr: `histogram_quantile(0.95, sum by (le) (rate(n8n_workflow_execution_duration_seconds_bucket{${ns}}[15m])))`,
                legend: 'p95',
              },
            ],
            's',
          ),
          ...containerPanels(self),
        ],
      },
    ]);
  },
};

export const qdrantDashboard: DashboardDef = {
  uid: 'shai-qdrant',
  title: 'Qdrant',
  services: ['qdrant'],
  build: ({ plan }) => {
    const self = planned(plan, 'qdrant');
    const ns = `namespace="${self.namespace}"`;
    return dashboard('shai-qdrant', 'Qdrant', [
      {
        title: 'Collections and requests',
        namespace: self.namespace,
        panels: [
          stat('Collections', { expr: `max(collections_total{${ns}})` }),
          timeseries('Points per collection', [
            { expr: `max by (collection) (collection_points{${ns}})`, legend: '{{collection}}' },
          ]),
          timeseries(
            'REST requests by status',
            [{ expr: `sum by (status) (rate(rest_responses_total{${ns}}[5m]))`, legend: '{{status}}' }],
            'reqps',
          ),
          timeseries('Resident memory', [{ expr: `max(memory_resident_bytes{${ns}})` }], 'bytes'),
        ],
      },
    ]);
  },
};

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
                [
                  {
                    expr: `max by (datname) (cnpg_pg_database_size_bytes{${pods},datname!~"template.*"})`,
                    legend: '{{datname}}',
                  },
                ],
                'bytes',
              ),
              timeseries('Connections', [
                { expr: `sum by (state) (cnpg_backends_total{${pods}})`, legend: '{{state}}' },
              ]),
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

export const valkeyDashboard: DashboardDef = {
  uid: 'shai-valkey',
  title: 'Valkey',
  services: ['valkey'],
  build: ({ plan }) => {
    const self = planned(plan, 'valkey');
    return dashboard('shai-valkey', 'Valkey', [
      // Valkey serves no Prometheus metrics itself and shai runs no exporter beside it: what the kubelet sees.
      {
        title: 'Valkey pods (container metrics; no Valkey exporter is deployed)',
        namespace: self.namespace,
        panels: containerPanels(self),
      },
    ]);
  },
};

export const longhornDashboard: DashboardDef = {
  uid: 'shai-longhorn',
  title: 'Longhorn',
  services: ['longhorn'],
  build: ({ plan }) => {
    const self = planned(plan, 'longhorn');
    return dashboard('shai-longhorn', 'Longhorn', [
      {
        title: 'Volumes and nodes',
        namespace: self.namespace,
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
            {
              expr: 'count by (state) (longhorn_volume_robustness{state!="healthy"} == 1)',
              legend: '{{state}}',
            },
          ]),
          timeseries(
            'Node storage used',
            [
              {
                expr: 'max by (node) (longhorn_node_storage_usage_bytes / longhorn_node_storage_capacity_bytes)',
                legend: '{{node}}',
              },
            ],
            'percentunit',
          ),
        ],
      },
    ]);
  },
};

export const veleroDashboard: DashboardDef = {
  uid: 'shai-backups',
  title: 'Backups (Velero)',
  services: ['velero'],
  build: ({ plan }) => {
    const self = planned(plan, 'velero');
    const sel = `schedule="${VELERO_SCHEDULE}"`;
    return dashboard('shai-backups', 'Backups (Velero)', [
      {
        title: `Schedule ${VELERO_SCHEDULE}`,
        namespace: self.namespace,
        panels: [
          stat(
            'Hours since the last good backup',
            { expr: `(time() - max(velero_backup_last_successful_timestamp{${sel}})) / 3600` },
            'h',
          ),
          timeseries('Backups per day', [
            { expr: `sum(increase(velero_backup_success_total{${sel}}[1d]))`, legend: 'succeeded' },
            {
              expr: `sum(increase(velero_backup_partial_failure_total{${sel}}[1d]))`,
              legend: 'partly failed',
            },
            { expr: `sum(increase(velero_backup_failure_total{${sel}}[1d]))`, legend: 'failed' },
          ]),
          timeseries(
            'Backup duration p95',
            [
              {
                expr: `histogram_quantile(0.95, sum by (le) (rate(velero_backup_duration_seconds_bucket{${sel}}[1d])))`,
              },
            ],
            's',
          ),
          timeseries('Storage location available', [
            {
              expr: 'max by (backup_location_name) (velero_backup_location_status_gauge)',
              legend: '{{backup_location_name}}',
            },
          ]),
        ],
      },
    ]);
  },
};

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
            timeseries(
              'Requests by status',
              [
                {
                  expr: `sum by (code) (rate(traefik_service_requests_total{${svc}}[5m]))`,
                  legend: '{{code}}',
                },
              ],
              'reqps',
            ),
            timeseries(
              'Latency p95',
              [
                {
                  expr: `histogram_quantile(0.95, sum by (le) (rate(traefik_service_request_duration_seconds_bucket{${svc}}[5m])))`,
                },
              ],
              's',
            ),
          ],
        };
      }),
    ),
};
