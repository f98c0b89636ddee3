import { defaultDeny, isPlatformPod, worldOf } from '../netpol/index.ts';
import { isObject, type Yaml } from '../pods.ts';
import { fail, pass } from '../result.ts';
import type { Rule, RuleResult, SourcedObject } from '../types.ts';

/** k3s's own namespace (CoreDNS, Traefik, servicelb, metrics-server): render leaves it open, as guardedNamespaces does. */
const OPEN_SYSTEM_NAMESPACE = 'kube-system';

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

/** Every namespace with platform workloads denies ingress and egress by default; chart namespaces are a warning. */
export const namespaceDefaultDeny: Rule = {
  id: 'namespace-default-deny',
  title: 'Namespaces deny traffic by default',
  severity: 'error',
  family: 'network',
  targets: ['Namespace', 'NetworkPolicy', 'Application'],
  fix: 'Add a NetworkPolicy with `podSelector: {}`, `policyTypes: [Ingress, Egress]` and no rules to the namespace, then one allow per flow (render does this for every namespace it owns).',
  docs:
    'A namespace is default-deny when NetworkPolicies selecting every pod (`podSelector: {}`) carry the Ingress and the Egress ' +
    'type with no rules for them. Every namespace with platform workloads (pods labelled `app.kubernetes.io/part-of: shai`) must ' +
    "be. A namespace where an Application installs an upstream chart is reported as a warning instead: the chart's pods carry " +
    'labels render does not control, so render leaves those namespaces open on purpose (the same judgement as guardedNamespaces ' +
    "in src/render/network.ts) rather than guess selectors that would break the chart. kube-system (k3s's own components) is not judged.",
  check: (ctx) => {
    const world = worldOf(ctx.objects);
    const charts = chartsByNamespace(ctx.objects);
    const withPods = new Set(world.pods.filter(isPlatformPod).map((p) => p.namespace));
    const out: RuleResult[] = [];
    for (const ns of [...new Set([...withPods, ...charts.keys()])].sort()) {
      if (ns === OPEN_SYSTEM_NAMESPACE) continue;
      const subject =
        ctx.index.get('Namespace', undefined, ns) ??
        world.pods.find((p) => p.namespace === ns && isPlatformPod(p))?.source ??
        charts.get(ns)![0]!.app;
      const deny = defaultDeny(world, ns);
      if (deny.ingress && deny.egress) {
        out.push(pass(subject));
        continue;
      }
      const missing = [deny.ingress ? [] : ['ingress'], deny.egress ? [] : ['egress']].flat().join(' and ');
      const hosted = charts.get(ns);
      if (hosted) {
        const names = [...new Set(hosted.flatMap((h) => h.charts))].sort().join(', ');
        out.push({
          ...fail(
            subject,
            `namespace ${ns} has no default deny for ${missing}: it hosts upstream chart(s) ${names}, whose pod labels render does not control, so it is left open on purpose`,
          ),
          severity: 'warning',
        });
      } else
        out.push(
          fail(
            subject,
            `namespace ${ns} runs platform workloads but has no default-deny NetworkPolicy for ${missing}`,
          ),
        );
    }
    return out;
  },
};
