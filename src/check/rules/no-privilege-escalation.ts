import { cname, eachContainer } from '../each.ts';
import { everyContainer, podPolicyRule, type KyvernoRule } from '../../semantics/kyverno.ts';
import type { Rule } from '../types.ts';

/** Containers set allowPrivilegeEscalation: false (the default is true). */
export const noPrivilegeEscalation: Rule = {
  id: 'no-privilege-escalation',
  title: 'Containers forbid privilege escalation',
  severity: 'error',
  family: 'security',
  targets: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
  fix: 'Set securityContext.allowPrivilegeEscalation: false on the container.',
  docs:
    'Unless it is set to false, a process can gain more privileges than its parent (setuid binaries), as the Pod Security ' +
    '"restricted" profile forbids. ' +
    'Chart workloads that need it by design (Longhorn, the GPU operator, node agents) have a PolicyException each and are reported skipped with its reason.',
  check: (ctx) =>
    eachContainer(ctx, { exceptedFor: noPrivilegeEscalation.id }, (c) =>
      c.container.securityContext?.allowPrivilegeEscalation === false
        ? undefined
        : {
            message: `${cname(c)} does not set allowPrivilegeEscalation: false`,
            jsonPath: `${c.jsonPath}.securityContext.allowPrivilegeEscalation`,
          },
    ),
};

/** The same rule at admission. */
export function kyvernoPolicy(): KyvernoRule {
  return podPolicyRule(noPrivilegeEscalation.id, {
    message: 'Containers must set securityContext.allowPrivilegeEscalation: false.',
    pattern: everyContainer({ securityContext: { allowPrivilegeEscalation: 'false' } }),
  });
}
