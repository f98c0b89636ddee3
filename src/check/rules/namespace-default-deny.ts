import { defaultDeny, isPlatformPod, OPEN_NAMESPACES, worldOf } from '../../semantics/netpol/index.ts';
import { isObject, type Yaml } from '../../semantics/pods.ts';
import { fail, pass, skipped } from '../result.ts';
import type { Rule, RuleResult, SourcedObject } from '../types.ts';

/** Upstream charts each Application installs, by destination namespace. */
function chartsByNamespace(
  objects: readonly SourcedObject[],
): Map<string, { app: SourcedObject; charts: string[] }[]> {
  const out = new Map<string, { app: SourcedObject; charts: string[] }[]>();
  for (const o of objects) {
    if (o.object.kind !== 'Application') continue;
    const spec: Yaml = o.object.spec;
    if (!isObject(spec)) continue;
    const sources: Yaml[] = [spec.source, ...(Array.isArray(spec.sources) ? spec.sources : [])];
    const charts = sources
      .filter((s) => isObject(s) && typeof s.chart === 'string')
      .map((s) => s.chart as string);
    const ns = isObject(spec.destination) ? spec.destination.namespace : undefined;
    if (!charts.length || typeof ns !== 'string') continue;
    out.set(ns, [...(out.get(ns) ?? []), { app: o, charts }]);
  }
  return out;
}

/**
 * Every namespace the platform uses denies ingress and egress by default: those with platform workloads,
 * those an Application installs a chart into, and every Namespace object; the open ones say why.
 */
export const namespaceDefaultDeny: Rule = {
  id: 'namespace-default-deny',
  title: 'Namespaces deny traffic by default',
  severity: 'error',
  family: 'network',
  targets: ['Namespace', 'NetworkPolicy', 'Application'],
  fix: 'Add a NetworkPolicy with `podSelector: {}`, `policyTypes: [Ingress, Egress]` and no rules to the namespace, then one allow per flow (render does this for every namespace of the plan).',
  docs:
    'A namespace is default-deny when NetworkPolicies selecting every pod (`podSelector: {}`) carry the Ingress and the Egress ' +
    'type with no rules for them. Every namespace the tree uses must be: those of Namespace objects, of platform workloads ' +
    "(pods labelled `app.kubernetes.io/part-of: shai`) and of Applications installing an upstream chart (a chart's pods are " +
    "allowed what its service's data declares: webhooks, metrics, API server, internet, traffic among its own pods). " +
    `Not judged, and reported as skipped with the reason: ${Object.entries(OPEN_NAMESPACES)
      .map(([ns, why]) => `${ns} (${why})`)
      .join('; ')}.`,
  check: (ctx) => {
    const world = worldOf(ctx.objects);
    const charts = chartsByNamespace(ctx.objects);
    const withPods = new Set(world.pods.filter(isPlatformPod).map((p) => p.namespace));
    const declared = ctx.index.byKind('Namespace').map((n) => n.object.metadata?.name ?? '');
    const out: RuleResult[] = [];
    for (const ns of [...new Set([...withPods, ...charts.keys(), ...declared])].filter(Boolean).sort()) {
      const subject =
        ctx.index.get('Namespace', undefined, ns) ??
        world.pods.find((p) => p.namespace === ns && isPlatformPod(p))?.source ??
        charts.get(ns)![0]!.app;
      const open = OPEN_NAMESPACES[ns];
      if (open !== undefined) {
        out.push({
          ...skipped(subject, `namespace ${ns} is left without default deny on purpose: ${open}`),
          severity: 'info',
        });
        continue;
      }
      const deny = defaultDeny(world, ns);
      if (deny.ingress && deny.egress) {
        out.push(pass(subject));
        continue;
      }
      const missing = [deny.ingress ? [] : ['ingress'], deny.egress ? [] : ['egress']].flat().join(' and ');
      const hosted = charts.get(ns);
      const what = hosted
        ? `hosts upstream chart(s) ${[...new Set(hosted.flatMap((h) => h.charts))].sort().join(', ')}`
        : withPods.has(ns)
          ? 'runs platform workloads'
          : 'is a namespace of the platform';
      out.push(fail(subject, `namespace ${ns} ${what} but has no default-deny NetworkPolicy for ${missing}`));
    }
    return out;
  },
};
