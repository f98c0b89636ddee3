import { cname, eachContainer, type Problem } from '../each.ts';
import { podPolicyRule, type KyvernoRule } from '../../semantics/kyverno.ts';
import type { Rule } from '../types.ts';

/** The only capability a container may add back, as in the Pod Security "restricted" profile. */
const ALLOWED_ADD = ['NET_BIND_SERVICE'];

/** Containers drop ALL capabilities and add back at most NET_BIND_SERVICE. */
export const dropCapabilities: Rule = {
  id: 'drop-capabilities',
  title: 'Containers drop all capabilities',
  severity: 'error',
  family: 'security',
  targets: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
  fix: 'Set securityContext.capabilities.drop: ["ALL"] and add back only NET_BIND_SERVICE if the process binds a port below 1024.',
  docs:
    'Container runtimes grant a default set of capabilities (CHOWN, NET_RAW, SETUID, ...) that services never need. ' +
    'The Pod Security "restricted" profile requires dropping ALL. As in the ClusterPolicy, the names are compared as written: ' +
    '`all` or `CAP_NET_BIND_SERVICE` do not count. ' +
    'Chart workloads that need it by design (Longhorn, the GPU operator, node agents) have a PolicyException each and are reported skipped with its reason.',
  check: (ctx) =>
    eachContainer(ctx, { exceptedFor: dropCapabilities.id }, (c) => {
      const caps = c.container.securityContext?.capabilities ?? {};
      const problems: Problem[] = [];
      const drop: unknown[] = Array.isArray(caps.drop) ? caps.drop : [];
      // exactly as the policy's CEL compares: `ALL` and `NET_BIND_SERVICE`, case and spelling as written
      if (!drop.some((d) => d === 'ALL'))
        problems.push({
          message: `${cname(c)} does not drop ALL capabilities`,
          jsonPath: `${c.jsonPath}.securityContext.capabilities.drop`,
        });
      const add: unknown[] = Array.isArray(caps.add) ? caps.add : [];
      const extra = add.map(String).filter((a) => !ALLOWED_ADD.includes(a));
      if (extra.length)
        problems.push({
          message: `${cname(c)} adds capabilities ${extra.join(', ')}`,
          jsonPath: `${c.jsonPath}.securityContext.capabilities.add`,
        });
      return problems;
    }),
};

/** The same rule at admission (CEL, since "contains ALL" is not expressible as a pattern). */
export function kyvernoPolicy(): KyvernoRule {
  const all =
    'object.spec.containers + object.spec.?initContainers.orValue([]) + object.spec.?ephemeralContainers.orValue([])';
  return podPolicyRule(dropCapabilities.id, {
    cel: {
      expressions: [
        {
          expression: `(${all}).all(c, c.?securityContext.?capabilities.?drop.orValue([]).exists(d, d == 'ALL'))`,
          message: 'Containers must drop ALL capabilities.',
        },
        {
          expression: `(${all}).all(c, c.?securityContext.?capabilities.?add.orValue([]).all(a, a == 'NET_BIND_SERVICE'))`,
          message: 'Containers may add back only NET_BIND_SERVICE.',
        },
      ],
    },
  });
}
