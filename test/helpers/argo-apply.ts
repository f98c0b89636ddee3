/*
 * What Argo CD does with a chart's output, for tests on the recordings: which objects it applies (Helm hooks
 * mapped to sync phases as gitops-engine maps them), in which namespace, and their pod templates.
 */
import { runOf } from '../../src/check/hooks.ts';
import type { KubeObject } from '../../src/k8s/object.ts';

/**
 * The phase Argo CD applies an object in (src/check/hooks.ts, after argo-cd v3.3.9): 'Sync' for a plain object, a
 * sync hook's first phase, PreDelete/PostDelete for hooks it runs when the Application is deleted, or undefined
 * for a hook Argo CD never runs (Helm `test`, rollback hooks, `Skip`).
 */
export function syncPhase(o: KubeObject): string | undefined {
  const run = runOf(o);
  if (run.kind === 'sync') return run.phases[0];
  return run.kind === 'delete' ? run.phase : undefined;
}

/** Kinds that carry a pod template (or are a pod). */
export const POD_KINDS = new Set([
  'Pod',
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'ReplicaSet',
  'Job',
  'CronJob',
]);

/** Built-in cluster-scoped kinds (group/Kind) the charts render. */
const BUILTIN_CLUSTER_KINDS = [
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'scheduling.k8s.io/PriorityClass',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'node.k8s.io/RuntimeClass',
  'apiregistration.k8s.io/APIService',
  'networking.k8s.io/IngressClass',
  '/Namespace',
  '/PersistentVolume',
];

/** `group/Kind` of an object. */
export const groupKind = (o: KubeObject) =>
  `${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${o.kind}`;

/** Cluster-scoped kinds: the built-in ones and those of the cluster-scoped CRDs among `objects`. */
export function clusterKinds(objects: readonly KubeObject[]): Set<string> {
  const out = new Set(BUILTIN_CLUSTER_KINDS);
  for (const o of objects.filter((x) => x.kind === 'CustomResourceDefinition')) {
    const spec = o.spec as { group: string; scope: string; names: { kind: string } };
    if (spec.scope === 'Cluster') out.add(`${spec.group}/${spec.names.kind}`);
  }
  return out;
}

/** The objects Argo CD applies for one Application: hooks that never run left out, namespaces defaulted. */
export function applied(
  objects: readonly KubeObject[],
  namespace: string,
  cluster: Set<string>,
): KubeObject[] {
  return objects
    .filter((o) => syncPhase(o) !== undefined)
    .map((o) =>
      !cluster.has(groupKind(o)) && !o.metadata.namespace
        ? { ...o, metadata: { ...o.metadata, namespace } }
        : o,
    );
}
