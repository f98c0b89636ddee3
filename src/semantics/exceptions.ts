import { WORKLOAD_EXCEPTIONS, type WorkloadException } from './system-workloads.ts';
import type { SourcedObject } from './objects.ts';

/**
 * Namespaces whose components legitimately hold cluster-wide power: k3s itself (kube-system), Longhorn and
 * the NVIDIA GPU operator. Only the RBAC rule uses this list; the pod rules except named workloads instead.
 */
export const SYSTEM_NAMESPACES = ['gpu-operator', 'kube-system', 'longhorn-system'] as const;

/**
 * Namespaces Kyverno itself never admits, by its chart's defaults (`config.resourceFilters` skips
 * kube-system, kube-public and kube-node-lease, `excludeKyvernoNamespace` its own; kyverno chart 3.9.0 values.yaml): a fail-closed webhook guarding CoreDNS or Kyverno's own
 * pods could keep the cluster from recovering while Kyverno is down. The offline rules say so for the
 * workloads there (`skipped`, with this reason) rather than claim an admission check that does not happen.
 */
export const KYVERNO_SKIPPED_NAMESPACES: Readonly<Record<string, string>> = {
  'kube-system':
    "k3s's own components; Kyverno's resourceFilters skip kube-system so the cluster can recover while Kyverno is down",
  'kube-public': "Kyverno's resourceFilters skip kube-public (chart default `[*/*,kube-public,*]`)",
  'kube-node-lease':
    "Kyverno's resourceFilters skip kube-node-lease (chart default `[*/*,kube-node-lease,*]`)",
  kyverno:
    "Kyverno's own namespace, which it never admits (it could not restart itself while its webhook is down)",
};

/** Kyverno's name wildcards: `*` any run of characters, `?` one character. */
export function wildcardMatch(pattern: string, name: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    const src = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    re = new RegExp(`^${src}$`);
    compiled.set(pattern, re);
  }
  return re.test(name);
}

// The patterns are a fixed list: each is compiled once per process (the pod rules ask for every workload).
const compiled = new Map<string, RegExp>();

/** Kinds whose objects are pods of a controller of `kind` (ReplicaSets stand between Deployments and pods). */
const CHILD_KINDS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['ReplicaSet', 'Pod'],
  DaemonSet: ['Pod'],
  StatefulSet: ['Pod'],
  Job: ['Pod'],
};

/** The names an exception matches per kind: the controller's, and `<name>-*` for the pods it creates. */
export function exceptionMatches(e: WorkloadException): { kinds: string[]; names: string[] }[] {
  const own = { kinds: [e.kind], names: [e.name] };
  const children = CHILD_KINDS[e.kind];
  return children ? [own, { kinds: [...children], names: [...(e.childNames ?? [`${e.name}-*`])] }] : [own];
}

/**
 * Why `o` may break admission rule `ruleId`, or undefined: a workload of WORKLOAD_EXCEPTIONS listing that
 * rule (the PolicyException kyverno-policies renders for it), or anything in a namespace Kyverno never admits.
 */
export function exceptionFor(o: SourcedObject, ruleId: string): string | undefined {
  const ns = o.object.metadata?.namespace ?? '';
  const skipped = KYVERNO_SKIPPED_NAMESPACES[ns];
  if (skipped) return skipped;
  if (!EXCEPTED_NAMESPACES.has(ns)) return undefined; // most workloads: no entry to try
  const name = o.object.metadata?.name ?? '';
  const e = WORKLOAD_EXCEPTIONS.find(
    (w) =>
      w.namespace === ns &&
      w.rules.includes(ruleId) &&
      exceptionMatches(w).some(
        (m) => m.kinds.includes(o.object.kind) && m.names.some((p) => wildcardMatch(p, name)),
      ),
  );
  return e && `excepted (PolicyException ${exceptionName(e)}): ${e.reason}`;
}

// The pod rules ask for every workload of a run; only these namespaces can hold an excepted one.
const EXCEPTED_NAMESPACES = new Set(WORKLOAD_EXCEPTIONS.map((w) => w.namespace));

/** The PolicyException's name for an entry: `<namespace>-<name without wildcards>`. */
export function exceptionName(e: WorkloadException): string {
  return `${e.namespace}-${e.name.replace(/[*?]/g, '').replace(/-+$/, '')}`;
}
