import { isObject, type Yaml } from '../../semantics/pods.ts';
import { fail, pass } from '../result.ts';
import { SYSTEM_NAMESPACES } from '../../semantics/exceptions.ts';
import type { Rule, RuleResult } from '../types.ts';

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
    'Kubernetes identity (`system:` users and groups). A RoleBinding to cluster-admin inside a system namespace is allowed.',
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
        for (const { s, i } of bad)
          out.push(
            fail(
              o,
              `${kind} ${o.object.metadata?.name} grants cluster-admin to ${isObject(s) ? `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}` : 'an invalid subject'}, which is not a system component`,
              `.subjects[${i}]`,
            ),
          );
      }
    return out;
  },
};
