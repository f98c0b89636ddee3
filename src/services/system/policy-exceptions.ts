import type { KubeObject } from '../../k8s/object.ts';
import { objectMeta } from '../../render/meta.ts';
import type { PlannedService } from '../../plan/types.ts';
import { podTemplate, type BuiltObject } from './built.ts';

/** Annotation workload() writes on pod templates whose image must run as root, with the reason. */
export const RUNS_AS_ROOT = 'shai.dev/runs-as-root';
/** The ClusterPolicy of the run-as-non-root check rule (policies are named `shai-<rule-id>`). */
const NON_ROOT_POLICY = 'shai-run-as-non-root';

/**
 * Drops `exclude` entries that match on annotations: at admission anyone creating a pod could add the
 * annotation and exempt themselves. The exemptions become PolicyExceptions naming each workload instead.
 */
export function withoutAnnotationExcludes(policy: KubeObject): KubeObject {
  const spec = policy.spec as { rules: Record<string, any>[] };
  const rules = spec.rules.map((r) => {
    const any = (r.exclude?.any ?? []).filter((e: any) => !e?.resources?.annotations);
    const { exclude: _x, ...rest } = r;
    return any.length ? { ...rest, exclude: { ...r.exclude, any } } : rest;
  });
  return { ...policy, spec: { ...spec, rules } };
}

/** Pod names of a workload: its own name (Deployment/StatefulSet/DaemonSet/Job pods) plus generated suffixes. */
function podNames(o: KubeObject): string[] {
  return [`${o.metadata.name}-*`];
}

/**
 * One PolicyException per workload whose pod template declares it runs as root: only the non-root rule,
 * only that workload (its controller kinds and its pods), in Kyverno's namespace.
 */
export function rootExceptions(self: PlannedService, built: readonly BuiltObject[]): KubeObject[] {
  const out: KubeObject[] = [];
  for (const { object } of built) {
    const reason = podTemplate(object)?.metadata?.annotations?.[RUNS_AS_ROOT];
    if (!reason) continue;
    const ns = object.metadata.namespace ?? '';
    // Kyverno autogen names the controller rules `autogen-<rule>` / `autogen-cronjob-<rule>`.
    const rule = 'run-as-non-root';
    out.push({
      apiVersion: 'kyverno.io/v2',
      kind: 'PolicyException',
      metadata: objectMeta(self, `${ns}-${object.metadata.name}-root`, {
        annotations: { 'shai.dev/reason': reason },
      }),
      spec: {
        exceptions: [{ policyName: NON_ROOT_POLICY, ruleNames: [rule, `autogen-${rule}`, `autogen-cronjob-${rule}`] }],
        match: {
          any: [
            { resources: { kinds: [object.kind], namespaces: [ns], names: [object.metadata.name] } },
            { resources: { kinds: ['Pod'], namespaces: [ns], names: podNames(object) } },
          ],
        },
      },
    });
  }
  return out.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}
