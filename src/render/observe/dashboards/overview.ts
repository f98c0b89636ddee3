import { isPlanned } from '../../../build/refs.ts';
import { workloadsOf } from '../../../observe/alerts/workloads.ts';
import { anyOf } from '../../../observe/names.ts';
import { SERVICE_OBSERVABILITY } from '../../../services/observe/index.ts';
import type { ObserveContext } from '../../../observe/types.ts';
import { dashboard, stat, timeseries, type Row } from '../../../observe/dashboards/panels.ts';
import type { DashboardDef } from '../../../observe/dashboards/types.ts';

const READY = {
  Deployment: ['kube_deployment_status_replicas_available', 'deployment'],
  StatefulSet: ['kube_statefulset_status_replicas_ready', 'statefulset'],
  DaemonSet: ['kube_daemonset_status_number_available', 'daemonset'],
} as const;

/** One row per enabled service with workloads: ready pods and its firing alerts, linked to its logs. */
function serviceRows(ctx: ObserveContext): Row[] {
  return ctx.plan.services.flatMap((self) => {
    const extra = SERVICE_OBSERVABILITY.find((o) => o.service === self.name)?.workloads;
    const workloads = workloadsOf(ctx, self, extra);
    if (!workloads.length) return [];
    const ready = Object.entries(READY).flatMap(([kind, [metric, label]]) => {
      const mine = workloads.filter((w) => w.kind === kind);
      return mine.length
        ? [`sum(${metric}{namespace="${mine[0]!.namespace}",${label}=~"${anyOf(mine.map((w) => w.name))}"})`]
        : [];
    });
    return [
      {
        title: `${self.def.title} (${self.namespace})`,
        namespace: workloads[0]!.namespace,
        panels: [
          stat('Ready pods', { expr: ready.join(' + ') }),
          stat('Firing alerts', {
            expr: `count(ALERTS{alertstate="firing",service="${self.name}"}) or vector(0)`,
          }),
        ],
      },
    ];
  });
}

/** Platform overview: nodes, Argo CD, alerts, certificates, then every enabled service. */
export const overviewDashboard: DashboardDef = {
  uid: 'shai-overview',
  title: 'Platform overview',
  services: [],
  build: (ctx) => {
    const rows: Row[] = [
      {
        title: 'Nodes',
        panels: [
          timeseries(
            'CPU busy',
            [
              {
                expr: '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))',
                legend: '{{instance}}',
              },
            ],
            'percentunit',
          ),
          timeseries(
            'Memory used',
            [
              {
                expr: '1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes',
                legend: '{{instance}}',
              },
            ],
            'percentunit',
          ),
          timeseries(
            'Disk used',
            [
              {
                expr: '1 - node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs"} / node_filesystem_size_bytes{fstype!~"tmpfs|overlay|squashfs"}',
                legend: '{{instance}} {{mountpoint}}',
              },
            ],
            'percentunit',
          ),
        ],
      },
      {
        title: 'Alerts',
        panels: [
          timeseries('Firing alerts by severity', [
            { expr: 'count by (severity) (ALERTS{alertstate="firing"})', legend: '{{severity}}' },
          ]),
        ],
      },
    ];
    if (isPlanned(ctx.plan, 'argocd'))
      rows.push({
        title: 'Argo CD',
        panels: [
          timeseries('Applications by sync status', [
            { expr: 'count by (sync_status) (argocd_app_info)', legend: '{{sync_status}}' },
          ]),
          timeseries('Applications by health', [
            { expr: 'count by (health_status) (argocd_app_info)', legend: '{{health_status}}' },
          ]),
        ],
      });
    if (isPlanned(ctx.plan, 'cert-manager'))
      rows.push({
        title: 'Certificates',
        panels: [
          timeseries(
            'Days until expiry',
            [
              {
                expr: '(certmanager_certificate_expiration_timestamp_seconds - time()) / 86400',
                legend: '{{exported_namespace}}/{{name}}',
              },
            ],
            'd',
          ),
        ],
      });
    return dashboard(overviewDashboard.uid, overviewDashboard.title, [...rows, ...serviceRows(ctx)]);
  },
};
