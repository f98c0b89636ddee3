import type { KubeObject } from '../../k8s/object.ts';
import { isObject, type PodSpec, type Yaml } from '../pods.ts';

/** The scheduler's own reason strings (kube-scheduler framework plugins), so messages read like `kubectl describe`. */
export const REASON = {
  unschedulable: 'node(s) were unschedulable',
  nodeName: "node(s) didn't match the requested node name",
  affinity: "node(s) didn't match Pod's node affinity/selector",
  tooManyPods: 'Too many pods',
  insufficient: (resource: string) => `Insufficient ${resource}`,
  taint: (t: Taint) => `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`,
} as const;

/** A node taint as in `spec.taints`. */
export interface Taint {
  key: string;
  value?: string;
  effect?: string;
}

/** The labels of a node. */
export function labelsOf(node: KubeObject): Record<string, string> {
  return node.metadata?.labels ?? {};
}

/** True when the node selector and required node affinity of the pod both accept the node. */
export function matchesNode(spec: PodSpec, node: KubeObject): boolean {
  const labels = labelsOf(node);
  const selector = isObject(spec.nodeSelector) ? spec.nodeSelector : {};
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== String(v)) return false;
  const required = (spec.affinity as Yaml)?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!isObject(required)) return true;
  const terms = Array.isArray(required.nodeSelectorTerms) ? required.nodeSelectorTerms : [];
  // Terms are ORed; an empty list matches no node.
  return terms.some((t: unknown) => termMatches(t, node));
}

function termMatches(term: unknown, node: KubeObject): boolean {
  if (!isObject(term)) return false;
  const exprs = Array.isArray(term.matchExpressions) ? term.matchExpressions : [];
  const fields = Array.isArray(term.matchFields) ? term.matchFields : [];
  // A term without requirements selects nothing.
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = labelsOf(node);
  return (
    exprs.every((e: Yaml) => requirementMatches(e, labels[e?.key])) &&
    fields.every((e: Yaml) => e?.key === 'metadata.name' && requirementMatches(e, node.metadata?.name))
  );
}

/** One matchExpressions/matchFields requirement against the node's value for its key (undefined when absent). */
export function requirementMatches(
  e: { operator?: string; values?: unknown[] },
  value: string | undefined,
): boolean {
  const values = (Array.isArray(e.values) ? e.values : []).map(String);
  switch (e.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const have = Number.parseInt(value ?? '', 10);
      const want = Number.parseInt(values[0] ?? '', 10);
      if (Number.isNaN(have) || Number.isNaN(want)) return false;
      return e.operator === 'Gt' ? have > want : have < want;
    }
    default:
      return false;
  }
}

/** The taints that keep pods off a node (PreferNoSchedule only lowers the score, so it is ignored). */
export function hardTaints(node: KubeObject): Taint[] {
  const taints = (node.spec as Yaml)?.taints;
  return (Array.isArray(taints) ? taints : []).filter(
    (t: Yaml) => isObject(t) && t.key && (t.effect === 'NoSchedule' || t.effect === 'NoExecute'),
  );
}

/** True when a toleration tolerates the taint (empty key with Exists tolerates everything). */
export function tolerates(tol: Yaml, t: Taint): boolean {
  if (!isObject(tol)) return false;
  if (tol.effect && tol.effect !== t.effect) return false;
  if (tol.operator === 'Exists') return !tol.key || tol.key === t.key;
  return tol.key === t.key && String(tol.value ?? '') === String(t.value ?? '');
}

/** The first hard taint of the node that no toleration of the pod tolerates. */
export function untoleratedTaint(spec: PodSpec, node: KubeObject, extra: unknown[] = []): Taint | undefined {
  const tols = [...(Array.isArray(spec.tolerations) ? spec.tolerations : []), ...extra];
  return hardTaints(node).find((t) => !tols.some((tol) => tolerates(tol, t)));
}
