import { eachWorkload } from '../each.ts';
import { podPolicyRule, type KyvernoRule } from '../../semantics/kyverno.ts';
import type { Rule } from '../types.ts';

/** Pods do not mount host paths (system components excepted). */
export const noHostPath: Rule = {
  id: 'no-host-path',
  title: 'Pods do not mount host paths',
  severity: 'error',
  family: 'security',
  targets: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
  fix: 'Use a PersistentVolumeClaim (Longhorn or local-path) instead of a hostPath volume.',
  docs:
    "A hostPath volume ties the pod to one node and exposes the node's file system to it. " +
    'Chart workloads that need it by design (Longhorn, the GPU operator, node agents) have a PolicyException each and are reported skipped with its reason. The Kyverno policy excludes no namespace.',
  check: (ctx) =>
    eachWorkload(ctx, { exceptedFor: noHostPath.id }, (w) => {
      const volumes = Array.isArray(w.template.spec.volumes) ? w.template.spec.volumes : [];
      return volumes.flatMap((v, i) =>
        v && typeof v === 'object' && v.hostPath
          ? [
              {
                message: `volume "${v.name}" mounts host path ${v.hostPath.path ?? '?'}`,
                jsonPath: `${w.template.jsonPathPrefix}.volumes[${i}].hostPath`,
              },
            ]
          : [],
      );
    }),
};

/** The same rule at admission. */
export function kyvernoPolicy(): KyvernoRule {
  return podPolicyRule(noHostPath.id, {
    message: 'hostPath volumes are not allowed.',
    pattern: { spec: { '=(volumes)': [{ 'X(hostPath)': 'null' }] } },
  });
}
