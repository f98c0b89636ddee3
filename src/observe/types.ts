/*
 * Observability as data: the metrics each exporter produces, the alerts and dashboards shai derives from the plan.
 * Every PromQL expression names only metrics of an exporter list (src/observe/exporters/), and the tests compile
 * each one with the real promtool.
 */
import type { Manifest } from '../k8s/object.ts';
import type { Plan, PlannedService } from '../plan/types.ts';

/** How a metric family is exposed; histograms and summaries add `_bucket`/`_sum`/`_count` series. */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

/** One metric family as PromQL names it (a counter with its `_total`), and its own labels. */
export interface Metric {
  type: MetricType;
  labels: readonly string[];
}

/** The metrics one exporter produces at the version the platform pins, and where that was read. */
export interface ExporterMetrics {
  id: string;
  title: string;
  /** The version the list was read at, and the pin it stands for when they differ. */
  version: string;
  /** Where the names were read: the source file at the tag, or the exporter's documentation page. */
  source: string;
  /** Settings shai turns on so these metrics exist (empty when they exist by default). */
  needs?: string;
  metrics: Readonly<Record<string, Metric>>;
}

/** A doctor analyzer id, or why no analyzer covers the alert. */
export type RunbookAnalyzer = { analyzer: string } | { none: string };

/** What docs/runbooks/<alert>.md says: the same text for every rule that carries the alert's name. */
export interface Runbook {
  meaning: string;
  confirm: string;
  covered: RunbookAnalyzer;
  fix: string;
}

/** One input series of a promtool unit test (`values` in promtool's expanding notation, e.g. `0+1x60`). */
export interface TestSeries {
  series: string;
  values: string;
}

/** An alerting rule of the platform, with the runbook for its name and a unit test for its expression. */
export interface AlertSpec {
  alert: string;
  expr: string;
  for: string;
  severity: 'critical' | 'warning';
  /** The service it watches (a label on the alert, and the key Alertmanager and doctor join on). */
  service: string;
  /** Further labels of the rule: what tells apart rules of one name and service (a node, a namespace). */
  labels?: Record<string, string>;
  summary: string;
  description: string;
  runbook: Runbook;
  /** Series with which the alert fires (`fire`), and series with which it stays silent (`quiet`). */
  test: {
    fire: TestSeries[];
    quiet: TestSeries[];
    /** Labels of the firing alert besides alertname, severity and service. */
    labels: Record<string, string>;
    /** When to evaluate (default 30m; the series are sampled every minute). */
    evalTime?: string;
  };
}

/** What the per-service and platform builders see: the plan and the manifest built from it. */
export interface ObserveContext {
  plan: Plan;
  manifest: Manifest;
}

/** A Deployment, StatefulSet or DaemonSet a service runs. */
export interface Workload {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  namespace: string;
  name: string;
}

/** The alerts and dashboard panels one service contributes, kept beside the services (src/services/observe/). */
export interface ServiceObservability {
  service: string;
  /** Prometheus job names of its chart's ServiceMonitors (own ServiceMonitors are found in the manifest). */
  scrapeJobs?: readonly string[];
  /** Workloads outside the tree and the chart data (k3s's own Traefik). */
  workloads?: readonly Workload[];
  alerts?(ctx: ObserveContext, self: PlannedService): AlertSpec[];
}
