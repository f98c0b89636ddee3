import type { Yaml } from '../../semantics/pods.ts';
import type { KubeObject } from '../../k8s/object.ts';
import type { Plan, PlannedService } from '../../plan/types.ts';

/**
 * Services whose build derives from what the others build (namespaces sizes quotas from their workloads,
 * kyverno-policies writes exceptions for them); they never see each other, so there is no cycle.
 */
export const DERIVED_SERVICES: readonly string[] = ['namespaces', 'kyverno-policies'];

/** One object another service builds, with its builder. */
export interface BuiltObject {
  service: PlannedService;
  object: KubeObject;
}

// One build of the others per plan, shared by the derived services (plans are never mutated once made).
const cache = new WeakMap<Plan, readonly BuiltObject[]>();

/** The own objects of every other service of the plan (their builds are pure, so building again is safe). */
export function builtByOthers(plan: Plan): readonly BuiltObject[] {
  let out = cache.get(plan);
  if (!out) {
    out = plan.services
      .filter((s) => !DERIVED_SERVICES.includes(s.name))
      .flatMap((service) =>
        service.def.build({ plan, self: service }).objects.map((object) => ({ service, object })),
      );
    cache.set(plan, out);
  }
  return out;
}

/** Kinds that run pods from a template. */
export const WORKLOAD_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];

/** The pod template of a workload object (CronJob: its job's template). */
export function podTemplate(
  o: KubeObject,
): { metadata?: { annotations?: Record<string, string> }; spec?: Record<string, Yaml> } | undefined {
  const spec = o.spec as Record<string, Yaml> | undefined;
  if (o.kind === 'CronJob') return spec?.jobTemplate?.spec?.template;
  return WORKLOAD_KINDS.includes(o.kind) ? spec?.template : undefined;
}
