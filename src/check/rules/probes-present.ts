import { cname, eachContainer } from '../each.ts';
import { podPolicyRule, type KyvernoRule } from '../kyverno.ts';
import type { Rule } from '../types.ts';

/** Long-running workloads; Jobs and CronJobs finish and need no probes. */
const LONG_RUNNING = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

/** Long-running containers have readiness and liveness probes (warning). */
export const probesPresent: Rule = {
  id: 'probes-present',
  title: 'Containers have readiness and liveness probes',
  severity: 'warning',
  family: 'security',
  targets: LONG_RUNNING,
  fix: 'Add a readinessProbe (traffic only when ready) and a livenessProbe (restart when hung); slow starters also a startupProbe.',
  docs:
    'Without a readiness probe a Service sends requests to a pod that is still loading (a model server takes minutes); ' +
    'without a liveness probe a hung process is never restarted. Regular containers of Pods, Deployments, StatefulSets, ' +
    'DaemonSets and ReplicaSets are checked; init containers, Jobs and CronJobs are not.',
  check: (ctx) =>
    eachContainer(ctx, { kinds: LONG_RUNNING, skipInit: true }, (c) => {
      const missing = (['readinessProbe', 'livenessProbe'] as const).filter((p) => !c.container[p]);
      return missing.length
        ? { message: `${cname(c)} has no ${missing.join(' or ')}`, jsonPath: c.jsonPath }
        : undefined;
    }),
};

/** The same rule at admission, in Audit mode since it is only a warning. */
export function kyvernoPolicy(): KyvernoRule {
  return podPolicyRule(probesPresent.id, {
    failureAction: 'Audit',
    message: 'Containers should have readiness and liveness probes.',
    pattern: { spec: { containers: [{ readinessProbe: {}, livenessProbe: {} }] } },
  });
}
