import { isObject } from '../semantics/pods.ts';
import { skipped } from './result.ts';
import type { ObjectIndex, RuleResult, SourcedObject } from './types.ts';

// Namespace → Applications installing a Helm chart there; built once per index.
const cache = new WeakMap<ObjectIndex, Map<string, SourcedObject[]>>();

/** Argo CD Applications that install a Helm chart into each namespace (spec.source or spec.sources[].chart). */
export function chartNamespaces(index: ObjectIndex): Map<string, SourcedObject[]> {
  const hit = cache.get(index);
  if (hit) return hit;
  const out = new Map<string, SourcedObject[]>();
  for (const app of index.byKind('Application')) {
    const spec = isObject(app.object.spec) ? app.object.spec : {};
    const sources: unknown[] = [spec.source, ...(Array.isArray(spec.sources) ? spec.sources : [])];
    const ns = spec.destination?.namespace;
    if (typeof ns !== 'string' || !sources.some((s) => isObject(s) && typeof s.chart === 'string')) continue;
    const list = out.get(ns);
    if (list) list.push(app);
    else out.set(ns, [app]);
  }
  cache.set(index, out);
  return out;
}

/**
 * A `skipped` result for a reference shai cannot verify: the object is not in the tree, but a Helm
 * chart installed into that namespace by an Application may create it (charts are not rendered here).
 * Undefined when no chart targets the namespace, so the caller reports the reference as missing.
 */
export function maybeFromChart(
  index: ObjectIndex,
  object: SourcedObject,
  what: string,
  ns: string,
  jsonPath: string,
): RuleResult | undefined {
  const apps = chartNamespaces(index).get(ns);
  if (!apps?.length) return undefined;
  const names = apps.map((a) =>
    `${a.object.metadata.namespace ?? ''}/${a.object.metadata.name}`.replace(/^\//, ''),
  );
  const message = `${what} is not in the tree; namespace ${ns} also gets the Helm chart of Application ${names.join(', ')}, which may create it`;
  return skipped(object, message, jsonPath);
}
