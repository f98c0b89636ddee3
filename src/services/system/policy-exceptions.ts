import type { Yaml } from '../../semantics/pods.ts';
import { runAsNonRoot } from '../../check/rules/run-as-non-root.ts';
import type { KubeObject } from '../../k8s/object.ts';
import { objectMeta } from '../../k8s/meta.ts';
import { exceptionMatches, exceptionName } from '../../semantics/exceptions.ts';
import { WORKLOAD_EXCEPTIONS } from '../../semantics/system-workloads.ts';
import type { Plan, PlannedService } from '../../plan/types.ts';
import { podTemplate, type BuiltObject } from './built.ts';
import { REASON_ANNOTATION, RUNS_AS_ROOT_ANNOTATION } from '../../k8s/annotations.ts';

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
        annotations: { [REASON_ANNOTATION]: reason },
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

/**
 * One PolicyException per chart workload of semantics/system-workloads.ts whose service is planned: only the rules
 * it breaks (and their autogen twins for controllers), only that workload and its pods, with its reason.
 */
export function workloadExceptions(self: PlannedService, plan: Plan): KubeObject[] {
  const planned = new Set(plan.services.map((s) => s.name));
  return WORKLOAD_EXCEPTIONS.filter((e) => planned.has(e.service)).map((e) => ({
    apiVersion: 'kyverno.io/v2',
    kind: 'PolicyException',
    metadata: objectMeta(self, exceptionName(e), { annotations: { [REASON_ANNOTATION]: e.reason } }),
    spec: {
      exceptions: e.rules.map((r) => ({
        policyName: `shai-${r}`,
        // Kyverno autogen names the controller rules `autogen-<rule>` / `autogen-cronjob-<rule>`.
        ruleNames: e.kind === 'Pod' ? [r] : [r, `autogen-${r}`],
      })),
      match: {
        any: exceptionMatches(e).map((m) => ({ resources: { ...m, namespaces: [e.namespace] } })),
      },
    },
  }));
}
