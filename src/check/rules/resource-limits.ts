import { cname, eachContainer } from '../each.ts';
import { everyContainer, podPolicyRule, type KyvernoRule } from '../../semantics/kyverno.ts';
import type { Rule } from '../types.ts';

const REQUIRED = ['cpu', 'memory'] as const;

/** Every container sets CPU and memory limits. */
export const resourceLimits: Rule = {
  id: 'resource-limits',
  title: 'Containers set CPU and memory limits',
  severity: 'error',
  family: 'security',
  targets: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
  fix: 'Set resources.limits.cpu and resources.limits.memory (in platform.yaml: services.<name>.resources.limits).',
  docs:
    'A container without limits can starve its node (an LLM server loading a model takes all the memory it finds), and a ' +
    'namespace with a ResourceQuota on limits rejects it outright. Init and regular containers are checked.',
  check: (ctx) =>
    eachContainer(ctx, { exceptedFor: resourceLimits.id }, (c) => {
      const limits = c.container.resources?.limits ?? {};
      const missing = REQUIRED.filter(
        (k) => limits[k] === undefined || limits[k] === null || limits[k] === '',
      );
      return missing.length
        ? {
            message: `${cname(c)} has no ${missing.join(' and ')} limit`,
            jsonPath: `${c.jsonPath}.resources.limits`,
          }
        : undefined;
    }),
};

/** The same rule at admission. */
export function kyvernoPolicy(): KyvernoRule {
  return podPolicyRule(resourceLimits.id, {
    message: 'CPU and memory limits are required.',
    pattern: everyContainer({ resources: { limits: { cpu: '?*', memory: '?*' } } }),
  });
}
