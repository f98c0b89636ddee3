import { cname, eachContainer } from '../each.ts';
import { everyContainer, podPolicyRule, type KyvernoRule } from '../../semantics/kyverno.ts';
import type { Rule } from '../types.ts';

/** Containers mount their root file system read-only (warning). */
export const readOnlyRootFs: Rule = {
  id: 'read-only-root-fs',
  title: 'Containers have a read-only root file system',
  severity: 'warning',
  family: 'security',
  targets: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
  fix: 'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process writes (/tmp, caches).',
  docs:
    'A writable root file system lets an attacker drop binaries into the container. Many AI images write caches under ' +
    'their home directory, hence a warning: mount emptyDir volumes there. ' +
    'Chart workloads that need it by design (Longhorn, the GPU operator, node agents) have a PolicyException each and are reported skipped with its reason.',
  check: (ctx) =>
    eachContainer(ctx, { exceptedFor: readOnlyRootFs.id }, (c) =>
      c.container.securityContext?.readOnlyRootFilesystem === true
        ? undefined
        : {
            message: `${cname(c)} has a writable root file system`,
            jsonPath: `${c.jsonPath}.securityContext.readOnlyRootFilesystem`,
          },
    ),
};

/** The same rule at admission, in Audit mode since it is only a warning. */
export function kyvernoPolicy(): KyvernoRule {
  return podPolicyRule(readOnlyRootFs.id, {
    failureAction: 'Audit',
    message: 'Containers should set readOnlyRootFilesystem: true.',
    pattern: everyContainer({ securityContext: { readOnlyRootFilesystem: 'true' } }),
  });
}
