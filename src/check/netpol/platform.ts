import { selectsAll } from './selector.ts';
import type { NetPod, NetWorld } from './types.ts';

/** Label that marks the platform's own pods (render's serviceLabels). */
export const PART_OF = 'app.kubernetes.io/part-of';
/** Label naming the service of a pod; a declared call's callee is found by it. */
export const NAME_LABEL = 'app.kubernetes.io/name';

/** A platform pod: labelled part-of shai. */
export function isPlatformPod(p: NetPod): boolean {
  return p.labels[PART_OF] === 'shai';
}

/** Directions a namespace denies by default: a policy selecting every pod with that type and no rules for it. */
export function defaultDeny(world: NetWorld, ns: string): { ingress: boolean; egress: boolean } {
  const all = world.policies.filter((p) => p.namespace === ns && selectsAll(p.podSelector));
  return {
    ingress: all.some((p) => p.ingress && p.ingressRules.length === 0),
    egress: all.some((p) => p.egress && p.egressRules.length === 0),
  };
}

/** The pods of a callee service; a stand-in pod without labels when none is in the tree (an upstream chart's pods). */
export function calleePods(world: NetWorld, namespace: string, service: string): NetPod[] {
  const found = world.pods.filter((p) => p.namespace === namespace && p.labels[NAME_LABEL] === service);
  return found.length ? found : [{ id: `${namespace}/${service}`, namespace, labels: {}, ports: [] }];
}
