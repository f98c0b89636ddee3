import { cname, eachContainer } from '../each.ts';
import { everyContainer, podPolicyRule, type KyvernoRule } from '../../semantics/kyverno.ts';
import type { Rule } from '../types.ts';

/** Containers must not run privileged (system components excepted). */
export const noPrivileged: Rule = {
  id: 'no-privileged',
  title: 'Containers are not privileged',
  severity: 'error',
  family: 'security',
  targets: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
  fix: 'Remove securityContext.privileged: true; grant the single capability the container needs instead.',
  docs:
    'A privileged container has every capability and all host devices: a container escape is a node compromise. ' +
    'Chart workloads that need it by design (Longhorn, the GPU operator, node agents) have a PolicyException each and are reported skipped with its reason.',
  check: (ctx) =>
    eachContainer(ctx, { exceptedFor: noPrivileged.id }, (c) =>
      c.container.securityContext?.privileged === true
        ? { message: `${cname(c)} is privileged`, jsonPath: `${c.jsonPath}.securityContext.privileged` }
        : undefined,
    ),
};

/** The same rule at admission. */
export function kyvernoPolicy(): KyvernoRule {
  return podPolicyRule(noPrivileged.id, {
    message: 'Privileged containers are not allowed.',
    pattern: everyContainer({ '=(securityContext)': { '=(privileged)': 'false' } }),
  });
}
