import { CHART_PODS } from './chart-pods/index.ts';
import type { PodKind } from './chart-pods/types.ts';

/**
 * The chart workloads that need host access, privileges or root by design, each with the admission rules it
 * really breaks and why, derived from the chart pods each service declares (chart-pods/). kyverno-policies turns
 * every entry into one PolicyException (only those rules, only that workload and its pods); the offline rules
 * report the same workloads `skipped` with the same reason (exceptions.ts). Names are the charts' own (release name
 * = service name), with Kyverno's `*` wildcard where the chart or its operator generates them.
 */

/** One excepted workload: a controller (its pods match `<name>-*` too) or pods created directly by an operator. */
export interface WorkloadException {
  /** The service whose chart (or operator) creates it; only planned services get their exceptions. */
  service: string;
  /** The service's namespace (a test keeps it equal to the ServiceDef's). */
  namespace: string;
  kind: PodKind;
  /** Object name, with Kyverno wildcards (`*`, `?`). */
  name: string;
  /** Ids of the admission rules it breaks. */
  rules: readonly string[];
  reason: string;
  /** Its ReplicaSets' and pods' names, where `<name>-*` would also match another workload's. */
  childNames?: readonly string[];
}

export { deploymentChildNames } from './chart-pods/types.ts';

/** Every excepted chart workload, by service (hooks Argo CD never runs need none). */
export const WORKLOAD_EXCEPTIONS: readonly WorkloadException[] = CHART_PODS.flatMap((c) =>
  c.pods.flatMap((p) =>
    p.exception && !('chart' in p.madeBy && p.madeBy.hook === 'never')
      ? [
          {
            service: c.service,
            namespace: c.namespace,
            kind: p.kind,
            name: p.name,
            rules: p.exception.rules,
            reason: p.exception.reason,
            ...(p.exception.childNames ? { childNames: p.exception.childNames } : {}),
          },
        ]
      : [],
  ),
);
