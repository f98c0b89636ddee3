import { cname, eachContainer } from '../each.ts';
import { podPolicyRule, type KyvernoRule } from '../../semantics/kyverno.ts';
import type { Rule, SourcedObject } from '../types.ts';

/** Long-running workloads; Jobs and CronJobs finish and need no probes. */
const LONG_RUNNING = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

/**
 * The controllers Kyverno's autogen extends the policy to: the long-running ones. Kyverno's default (every pod
 * controller) would also judge Jobs and CronJobs, which this rule leaves alone.
 */
export const AUTOGEN_CONTROLLERS = LONG_RUNNING.filter((k) => k !== 'Pod');

/** True for a Pod a Job created (its controller owner is a Job): it finishes too. */
function ownedByJob(o: SourcedObject): boolean {
  const owners: unknown = o.object.metadata?.ownerReferences;
  return Array.isArray(owners) && owners.some((r) => (r as { kind?: unknown })?.kind === 'Job');
}

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
    'DaemonSets and ReplicaSets are checked; init containers, Jobs, CronJobs and the pods of Jobs are not.',
  check: (ctx) =>
    eachContainer(ctx, { kinds: LONG_RUNNING, skipInit: true, exceptedFor: probesPresent.id }, (c) => {
      const missing = (['readinessProbe', 'livenessProbe'] as const).filter((p) => !c.container[p]);
      return missing.length
        ? { message: `${cname(c)} has no ${missing.join(' or ')}`, jsonPath: c.jsonPath }
        : undefined;
    }).filter((r) => !ownedByJob(r.object)),
};

/**
 * The same rule at admission, in Audit mode since it is only a warning. Autogen reaches only AUTOGEN_CONTROLLERS
 * (policies.ts sets the annotation), and a precondition leaves out the pods Jobs create.
 */
export function kyvernoPolicy(): KyvernoRule {
  return {
    ...podPolicyRule(probesPresent.id, {
      failureAction: 'Audit',
      message: 'Containers should have readiness and liveness probes.',
      pattern: { spec: { containers: [{ readinessProbe: {}, livenessProbe: {} }] } },
    }),
    preconditions: {
      all: [
        {
          key: "{{ length(request.object.metadata.ownerReferences[?kind == 'Job'] || `[]`) }}",
          operator: 'Equals',
          value: 0,
        },
      ],
    },
  };
}
