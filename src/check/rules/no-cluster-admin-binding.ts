import { clusterAdminGrant } from '../chart-grants.ts';
import { isObject, type Yaml } from '../../semantics/pods.ts';
import { fail, pass, skipped } from '../result.ts';
import { SYSTEM_NAMESPACES } from '../../semantics/exceptions.ts';
import type { Rule, RuleResult, SourcedObject } from '../types.ts';

const CLUSTER_ADMIN = 'cluster-admin';
const isSystemNs = (ns: unknown) =>
  typeof ns === 'string' && (SYSTEM_NAMESPACES as readonly string[]).includes(ns);

/** Why a subject may hold cluster-admin, or undefined when it may not. */
function systemSubject(s: Yaml, bindingNs: string | undefined): boolean {
  if (!isObject(s)) return false;
  // Kubernetes' own identities (system:masters, system:kube-controller-manager, ...) are bootstrapped with it.
  if ((s.kind === 'Group' || s.kind === 'User') && typeof s.name === 'string')
    return s.name.startsWith('system:');
  if (s.kind === 'ServiceAccount') return isSystemNs(s.namespace ?? bindingNs);
  return false;
}

/** A subject that is no system component: a fail, unless a chart grant shai accepts names it. */
function subjectResult(kind: string, o: SourcedObject, s: Yaml, i: number): RuleResult {
  const at = `.subjects[${i}]`;
  const grant = isObject(s) ? clusterAdminGrant(kind, String(o.object.metadata?.name), s) : undefined;
  if (grant) return skipped(o, `accepted for the ${grant.service} chart: ${grant.reason}`, at);
  const who = isObject(s)
    ? `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`
    : 'an invalid subject';
  return fail(
    o,
    `${kind} ${o.object.metadata?.name} grants cluster-admin to ${who}, which is not a system component`,
    at,
  );
}

/** No ClusterRoleBinding or RoleBinding grants cluster-admin outside system components. */
export const noClusterAdminBinding: Rule = {
  id: 'no-cluster-admin-binding',
  title: 'No cluster-admin bindings outside system components',
  severity: 'error',
  family: 'security',
  targets: ['ClusterRoleBinding', 'RoleBinding'],
  fix: 'Bind a Role or ClusterRole with only the verbs and resources the workload uses (read-only where it only reads).',
  docs:
    'A binding whose roleRef is the ClusterRole `cluster-admin` fails unless every subject is a system component: a ' +
    `ServiceAccount in ${SYSTEM_NAMESPACES.join(', ')} (k3s and the storage and GPU operators, which manage cluster-wide resources), or a ` +
    'Kubernetes identity (`system:` users and groups). A RoleBinding to cluster-admin inside a system namespace is allowed. ' +
    "A chart's own grant that shai accepts by design (Velero's server, which restores objects of every kind) is reported " +
    '`skipped` with its reason (src/check/chart-grants.ts), for that binding and subject only.',
  check: (ctx) => {
    const out: RuleResult[] = [];
    for (const kind of ['ClusterRoleBinding', 'RoleBinding'])
      for (const o of ctx.index.byKind(kind)) {
        const ref: Yaml = o.object.roleRef;
        if (!isObject(ref) || ref.kind !== 'ClusterRole' || ref.name !== CLUSTER_ADMIN) {
          out.push(pass(o));
          continue;
        }
        const ns = o.object.metadata?.namespace;
        if (kind === 'RoleBinding' && isSystemNs(ns)) {
          out.push(pass(o));
          continue;
        }
        const subjects: Yaml[] = Array.isArray(o.object.subjects) ? o.object.subjects : [];
        const bad = subjects.map((s, i) => ({ s, i })).filter(({ s }) => !systemSubject(s, ns));
        if (bad.length === 0) out.push(pass(o));
        for (const { s, i } of bad) out.push(subjectResult(kind, o, s, i));
      }
    return out;
  },
};
