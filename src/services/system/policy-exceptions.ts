import type { Yaml } from '../../check/pods.ts';
import { RUNS_AS_ROOT_ANNOTATION, runAsNonRoot } from '../../check/rules/run-as-non-root.ts';
import type { KubeObject } from '../../k8s/object.ts';
import { objectMeta } from '../../render/meta.ts';
import type { Plan, PlannedService } from '../../plan/types.ts';
import { podTemplate, type BuiltObject } from './built.ts';

/** The ClusterPolicy of the run-as-non-root check rule (check/policies.ts names them `shai-<rule-id>`). */
const NON_ROOT_POLICY = `shai-${runAsNonRoot.id}`;

/**
 * Drops `exclude` entries that match on annotations: at admission anyone creating a pod could add the
 * annotation and exempt themselves. The exemptions become PolicyExceptions naming each workload instead.
 */
export function withoutAnnotationExcludes(policy: KubeObject): KubeObject {
  const spec = policy.spec as { rules: Record<string, Yaml>[] };
  const rules = spec.rules.map((r) => {
    const any = (r.exclude?.any ?? []).filter((e: Yaml) => !e?.resources?.annotations);
    const { exclude: _x, ...rest } = r;
    return any.length ? { ...rest, exclude: { ...r.exclude, any } } : rest;
  });
  return { ...policy, spec: { ...spec, rules } };
}

/**
 * One PolicyException per workload whose pod template declares it runs as root: only the non-root rule,
 * only that workload (the controller object, and its pods: `<name>-<generated suffix>`), in Kyverno's namespace.
 */
export function rootExceptions(self: PlannedService, built: readonly BuiltObject[]): KubeObject[] {
  const out: KubeObject[] = [];
  for (const { object } of built) {
    const reason = podTemplate(object)?.metadata?.annotations?.[RUNS_AS_ROOT_ANNOTATION];
    if (!reason) continue;
    const ns = object.metadata.namespace ?? '';
    // Kyverno autogen names the controller rules `autogen-<rule>` / `autogen-cronjob-<rule>`.
    const rule = runAsNonRoot.id;
    out.push({
      apiVersion: 'kyverno.io/v2',
      kind: 'PolicyException',
      metadata: objectMeta(self, `${ns}-${object.metadata.name}-root`, {
        annotations: { 'shai.dev/reason': reason },
      }),
      spec: {
        exceptions: [
          { policyName: NON_ROOT_POLICY, ruleNames: [rule, `autogen-${rule}`, `autogen-cronjob-${rule}`] },
        ],
        match: {
          any: [
            { resources: { kinds: [object.kind], namespaces: [ns], names: [object.metadata.name] } },
            { resources: { kinds: ['Pod'], namespaces: [ns], names: [`${object.metadata.name}-*`] } },
          ],
        },
      },
    });
  }
  return out.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

/** Chart workloads that need host access by design, outside the system namespaces; the reason is the ServiceDef's. */
const CHART_WORKLOADS: readonly { service: string; kind: string; name: string; rules: string[] }[] = [
  // Velero's file-system backup agent reads every pod's volumes under /var/lib/kubelet/pods as root.
  {
    service: 'velero',
    kind: 'DaemonSet',
    name: 'node-agent',
    rules: ['no-host-path', 'run-as-non-root', 'drop-capabilities'],
  },
];

/** Exceptions for the chart workloads of CHART_WORKLOADS whose service is planned: only their rules, only them. */
export function chartExceptions(self: PlannedService, plan: Plan): KubeObject[] {
  return CHART_WORKLOADS.flatMap((w) => {
    const svc = plan.services.find((s) => s.name === w.service);
    if (!svc) return [];
    const ns = svc.namespace;
    return [
      {
        apiVersion: 'kyverno.io/v2',
        kind: 'PolicyException',
        metadata: objectMeta(self, `${ns}-${w.name}-host`, {
          annotations: { 'shai.dev/reason': svc.def.podSecurity.reason ?? `${w.service} needs host access` },
        }),
        spec: {
          exceptions: w.rules.map((r) => ({ policyName: `shai-${r}`, ruleNames: [r, `autogen-${r}`] })),
          match: {
            any: [
              { resources: { kinds: [w.kind], namespaces: [ns], names: [w.name] } },
              { resources: { kinds: ['Pod'], namespaces: [ns], names: [`${w.name}-*`] } },
            ],
          },
        },
      },
    ];
  });
}
