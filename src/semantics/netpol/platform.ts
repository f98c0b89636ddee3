import { isObject, type Yaml } from '../pods.ts';
import type { SourcedObject } from '../objects.ts';
import { CALLS_ANNOTATION, POD_LABELS_ANNOTATION } from '../../k8s/annotations.ts';
import { parseLabels } from './declared.ts';
import { selectsAll } from './selector.ts';
import type { NetPod, NetWorld } from './types.ts';

/** Label that marks the platform's own pods (render's serviceLabels). */
export const PART_OF = 'app.kubernetes.io/part-of';
/** Label naming the service of a pod; a declared call's callee is found by it. */
export const NAME_LABEL = 'app.kubernetes.io/name';

/**
 * Namespaces without default deny, with the reason: render (src/render/network.ts) leaves them open and
 * namespace-default-deny reports the reason instead of judging them. Every other namespace is default-deny.
 */
export const OPEN_NAMESPACES: Readonly<Record<string, string>> = {
  'kube-system':
    "k3s owns it: it re-applies its packaged components there (CoreDNS, Traefik, metrics-server, local-path-provisioner, the helm-controller's install Jobs) from the server's manifests on every start, with labels and ports of each k3s release; a default deny would cut CoreDNS's upstream resolvers and the metrics-server's kubelet scrapes, which every namespace depends on",
};

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

/**
 * The pods of a callee service; when none is in the tree (an upstream chart's pods), a stand-in pod with
 * the labels its Application declares (`shai.dev/pod-labels`), or none.
 */
export function calleePods(world: NetWorld, namespace: string, service: string): NetPod[] {
  const found = world.pods.filter((p) => p.namespace === namespace && p.labels[NAME_LABEL] === service);
  if (found.length) return found;
  const labels = world.standInLabels?.(namespace, service) ?? {};
  return [{ id: `${namespace}/${service}`, namespace, labels, ports: [] }];
}

/**
 * Callers whose pods are not in the tree (an upstream chart's, k3s's Traefik): one stand-in pod per
 * Application declaring `shai.dev/calls`, in its destination namespace, with the labels of
 * `shai.dev/pod-labels` (none: an unlabelled pod, as a chart's pods are for render's policies).
 */
export function standInCallers(objects: readonly SourcedObject[]): NetPod[] {
  const out: NetPod[] = [];
  for (const o of objects) {
    const annotations = o.object.metadata?.annotations ?? {};
    const spec: Yaml = o.object.spec;
    if (o.object.kind !== 'Application' || !annotations[CALLS_ANNOTATION] || !isObject(spec)) continue;
    const ns = isObject(spec.destination) ? spec.destination.namespace : undefined;
    if (typeof ns !== 'string') continue;
    out.push({
      id: `${ns}/${o.object.metadata?.name} (pods of Application ${o.object.metadata?.name})`,
      namespace: ns,
      labels: parseLabels(annotations[POD_LABELS_ANNOTATION]),
      ports: [],
      annotations,
      metadataPath: '.metadata',
      source: o,
    });
  }
  return out;
}
