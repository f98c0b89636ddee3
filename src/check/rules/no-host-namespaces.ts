import { eachWorkload } from '../each.ts';
import { podPolicyRule, type KyvernoRule } from '../../semantics/kyverno.ts';
import type { Rule } from '../types.ts';

const FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

/** Pods do not share the node's network, PID or IPC namespace (system components excepted). */
export const noHostNamespaces: Rule = {
  id: 'no-host-namespaces',
  title: 'Pods do not use host namespaces',
  severity: 'error',
  family: 'security',
  targets: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
  fix: 'Remove hostNetwork / hostPID / hostIPC; expose ports through a Service instead.',
  docs:
    'A pod on the host network bypasses NetworkPolicies and can bind any node port; hostPID and hostIPC let it see and signal ' +
    'every process of the node. Chart workloads that need it by design (Longhorn, the GPU operator, node agents) have a PolicyException each and are reported skipped with its reason.',
  check: (ctx) =>
    eachWorkload(ctx, { exceptedFor: noHostNamespaces.id }, (w) =>
      FIELDS.filter((f) => w.template.spec[f] === true).map((f) => ({
        message: `pod uses the host's namespace: ${f}: true`,
        jsonPath: `${w.template.jsonPathPrefix}.${f}`,
      })),
    ),
};

/** The same rule at admission. */
export function kyvernoPolicy(): KyvernoRule {
  return podPolicyRule(noHostNamespaces.id, {
    message: 'Sharing the host namespaces is not allowed.',
    pattern: { spec: { '=(hostNetwork)': 'false', '=(hostPID)': 'false', '=(hostIPC)': 'false' } },
  });
}
