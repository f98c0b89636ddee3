import { parser } from '@prometheus-io/lezer-promql';
import type { ExporterMetrics, Metric } from './types.ts';

/** A vector selector of an expression: its metric name and the label names it matches on. */
export interface Selector {
  metric: string;
  labels: string[];
}

/** Labels Prometheus and the operator's ServiceMonitors/PodMonitors add to every scraped series. */
export const TARGET_LABELS = [
  'job',
  'instance',
  'namespace',
  'pod',
  'service',
  'endpoint',
  'container',
  'node',
];

/** Parses a PromQL expression with Prometheus's own grammar (lezer-promql); throws on a syntax error. */
export function selectors(expr: string): Selector[] {
  const tree = parser.parse(expr);
  const out: Selector[] = [];
  let error: number | undefined;
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) error ??= node.from;
      if (node.name !== 'VectorSelector') return;
      const sel: Selector = { metric: '', labels: [] };
      const cursor = node.node.cursor();
      cursor.iterate((child) => {
        if (child.name === 'Identifier' && !sel.metric) sel.metric = expr.slice(child.from, child.to);
        if (child.name === 'LabelName') sel.labels.push(expr.slice(child.from, child.to));
      });
      out.push(sel);
    },
  });
  if (error !== undefined) throw new Error(`PromQL syntax error at ${error}: ${expr}`);
  return out;
}

const SUFFIXES: Record<Metric['type'], string[]> = {
  counter: [''],
  gauge: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

/** Every series name the lists produce, with the metric it belongs to and its exporter. */
export function seriesIndex(
  lists: readonly ExporterMetrics[],
): Map<string, { metric: Metric; exporter: string }> {
  const index = new Map<string, { metric: Metric; exporter: string }>();
  for (const list of lists)
    for (const [name, metric] of Object.entries(list.metrics))
      for (const suffix of SUFFIXES[metric.type]) index.set(name + suffix, { metric, exporter: list.id });
  return index;
}

/** What is wrong with an expression against the metric lists: unknown metrics, labels no series carries. */
export function checkExpression(expr: string, index: ReturnType<typeof seriesIndex>): string[] {
  const problems: string[] = [];
  for (const sel of selectors(expr)) {
    const known = index.get(sel.metric);
    if (!known) {
      problems.push(`${sel.metric}: no exporter list names this metric`);
      continue;
    }
    const labels = new Set([...known.metric.labels, ...TARGET_LABELS, 'le', 'quantile', '__name__']);
    for (const l of sel.labels)
      if (!labels.has(l))
        problems.push(`${sel.metric}{${l}}: ${known.exporter} gives this metric no label ${l}`);
  }
  return problems;
}
