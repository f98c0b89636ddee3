import { cname, eachContainer } from '../each.ts';
import { everyContainer, podPolicyRule, type KyvernoRule } from '../kyverno.ts';
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
    'System components (namespaces kube-system, longhorn-system, gpu-operator and the alloy / node-exporter agents in monitoring) are exempt.',
  check: (ctx) =>
    eachContainer(ctx, { exemptSystem: true }, (c) =>
      c.container.securityContext?.privileged === true
        ? { message: `${cname(c)} is privileged`, jsonPath: `${c.jsonPath}.securityContext.privileged` }
        : undefined,
    ),
};

/** The same rule at admission. */
export function kyvernoPolicy(): KyvernoRule {
  return podPolicyRule(
    noPrivileged.id,
    {
      message: 'Privileged containers are not allowed.',
      pattern: everyContainer({ '=(securityContext)': { '=(privileged)': 'false' } }),
    },
    { exemptSystem: true },
  );
}
