import {
  DashboardBuilder,
  DashboardLinkBuilder,
  DashboardLinkType,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
} from '@grafana/grafana-foundation-sdk/dashboard';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
} from '@grafana/grafana-foundation-sdk/common';
import { DataqueryBuilder as LokiQuery } from '@grafana/grafana-foundation-sdk/loki';
import { PanelBuilder as LogsPanel } from '@grafana/grafana-foundation-sdk/logs';
import { DataqueryBuilder as PromQuery } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';

/** The data sources kube-prometheus-stack provisions (uid `prometheus`) and the Loki one shai adds (uid `loki`). */
export const PROMETHEUS = { type: 'prometheus', uid: 'prometheus' };
export const LOKI = { type: 'loki', uid: 'loki' };

/** The uid of the logs dashboard every service row links to. */
export const LOGS_UID = 'shai-logs';

/** One Prometheus query of a panel. */
export interface Query {
  expr: string;
  legend?: string;
}

type Panel = TimeseriesPanel | StatPanel | LogsPanel;

const prom = (q: Query, i: number) =>
  new PromQuery()
    .expr(q.expr)
    .legendFormat(q.legend ?? '__auto')
    .refId(String.fromCharCode(65 + i))
    .datasource(PROMETHEUS);

/** A time series of one or more queries; `thresholds` draws fixed lines (e.g. the plan's VRAM budget). */
export function timeseries(
  title: string,
  queries: Query[],
  unit = 'short',
  thresholds: { value: number; color: string }[] = [],
): TimeseriesPanel {
  const p = new TimeseriesPanel().title(title).unit(unit).datasource(PROMETHEUS).span(8).height(8);
  queries.forEach((q, i) => p.withTarget(prom(q, i)));
  if (thresholds.length) {
    p.thresholds(
      new ThresholdsConfigBuilder()
        .mode(ThresholdsMode.Absolute)
        .steps([{ value: null as unknown as number, color: 'green' }, ...thresholds]),
    ).thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed));
  }
  return p;
}

/** A single number. */
export function stat(title: string, query: Query, unit = 'short'): StatPanel {
  return new StatPanel()
    .title(title)
    .unit(unit)
    .datasource(PROMETHEUS)
    .span(4)
    .height(4)
    .withTarget(prom(query, 0));
}

/** The log lines of a LogQL selector. */
export function logs(title: string, logql: string): LogsPanel {
  return new LogsPanel()
    .title(title)
    .datasource(LOKI)
    .span(24)
    .height(10)
    .showTime(true)
    .withTarget(new LokiQuery().expr(logql).refId('A').datasource(LOKI));
}

/** A link to the logs of a namespace on the logs dashboard. */
export function logsLink(namespace: string): { title: string; url: string } {
  return { title: `Logs of ${namespace}`, url: `/d/${LOGS_UID}?var-namespace=${namespace}` };
}

/** A titled group of panels; each panel links to the logs of `namespace` when given. */
export interface Row {
  title: string;
  panels: Panel[];
  namespace?: string;
}

/** A dashboard of the shai folder: rows in order, panel ids numbered from 1, links to the other shai dashboards. */
export function dashboard(
  uid: string,
  title: string,
  rows: Row[],
  build?: (d: DashboardBuilder) => void,
): Dashboard {
  const d = new DashboardBuilder(title)
    .uid(uid)
    .tags(['shai'])
    .editable()
    .refresh('1m')
    .time({ from: 'now-6h', to: 'now' })
    .link(
      new DashboardLinkBuilder('shai').type(DashboardLinkType.Dashboards).tags(['shai']).asDropdown(true),
    );
  build?.(d);
  for (const row of rows) {
    d.withRow(new RowBuilder(row.title));
    for (const p of row.panels) {
      if (row.namespace) {
        const l = logsLink(row.namespace);
        p.links([new DashboardLinkBuilder(l.title).type(DashboardLinkType.Link).url(l.url)]);
      }
      d.withPanel(p);
    }
  }
  const built = d.build();
  let id = 1;
  for (const p of built.panels ?? []) (p as { id?: number }).id = id++;
  return built;
}
