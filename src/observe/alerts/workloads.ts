import { CHART_PODS } from '../../semantics/chart-pods/index.ts';
import type { PlannedService } from '../../plan/types.ts';
import type { ObserveContext, Workload } from '../types.ts';

const KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/**
 * The long-running workloads of a service: those it builds (in the manifest) and those its chart renders or its
 * operator makes with a fixed name (src/semantics/chart-pods/, held equal to helm's output by a test).
 */
export function workloadsOf(
  ctx: ObserveContext,
  self: PlannedService,
  extra: readonly Workload[] = [],
): Workload[] {
  const own = ctx.manifest
    .filter((e) => e.service === self.name && KINDS.has(e.object.kind))
    .map((e) => ({
      kind: e.object.kind as Workload['kind'],
      namespace: e.object.metadata.namespace ?? self.namespace,
      name: e.object.metadata.name,
    }));
  const chart = (CHART_PODS.find((c) => c.service === self.name)?.pods ?? [])
    .filter((p) => KINDS.has(p.kind) && !/[*?]/.test(p.name) && !('hook' in p.madeBy && p.madeBy.hook))
    .map((p) => ({ kind: p.kind as Workload['kind'], namespace: self.namespace, name: p.name }));
  const seen = new Set<string>();
  return [...own, ...chart, ...extra]
    .filter(
      (w) =>
        !seen.has(`${w.kind}/${w.namespace}/${w.name}`) && seen.add(`${w.kind}/${w.namespace}/${w.name}`),
    )
    .sort((a, b) => `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`));
}

/** The Prometheus jobs of a service: its own ServiceMonitors' Services (the operator's job label), and its chart's. */
export function scrapeJobsOf(
  ctx: ObserveContext,
  self: PlannedService,
  chartJobs: readonly string[] = [],
): string[] {
  const own = ctx.manifest
    .filter((e) => e.service === self.name && e.object.kind === 'ServiceMonitor')
    .map((e) => e.object.metadata.name);
  return [...new Set([...own, ...chartJobs])].sort();
}
