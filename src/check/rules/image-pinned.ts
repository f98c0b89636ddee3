import { cname, eachContainer } from '../each.ts';
import { podPolicyRule, type KyvernoRule } from '../../semantics/kyverno.ts';
import type { Rule } from '../types.ts';

/** Why an image reference is not pinned, or undefined when it has a version tag or a digest. */
export function unpinnedReason(image: unknown): string | undefined {
  if (typeof image !== 'string' || image === '') return 'has no image';
  if (image.includes('@')) return undefined; // a digest pins the exact content
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1); // a colon before the last slash is a registry port
  if (colon < 0) return `image ${image} has no tag (means latest)`;
  const tag = image.slice(colon + 1);
  if (tag === 'latest') return `image ${image} uses the latest tag`;
  return undefined;
}

/** Every image is pinned to a version tag or a digest. */
export const imagePinned: Rule = {
  id: 'image-pinned',
  title: 'Images are pinned',
  severity: 'error',
  family: 'security',
  targets: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
  fix: 'Use an explicit version tag (image:1.2.3) or a digest (image@sha256:...), never latest or no tag.',
  docs:
    '`latest` or a missing tag makes every node pull whatever was pushed last: two replicas can run different code and a ' +
    'rollback restores nothing. Digests are accepted. As at admission, workloads in the namespaces Kyverno never admits ' +
    '(kube-system, kyverno) are reported skipped with that reason.',
  check: (ctx) =>
    eachContainer(ctx, { exceptedFor: imagePinned.id }, (c) => {
      const reason = unpinnedReason(c.container.image);
      return reason ? { message: `${cname(c)}: ${reason}`, jsonPath: `${c.jsonPath}.image` } : undefined;
    }),
};

/** The same rule at admission (CEL: the tag is looked for after the last slash, as above). */
export function kyvernoPolicy(): KyvernoRule {
  const all =
    'object.spec.containers + object.spec.?initContainers.orValue([]) + object.spec.?ephemeralContainers.orValue([])';
  const pinned =
    "c.image.contains('@') || (c.image.substring(c.image.lastIndexOf('/') + 1).contains(':') && !c.image.endsWith(':latest'))";
  return podPolicyRule(imagePinned.id, {
    cel: {
      expressions: [
        {
          expression: `(${all}).all(c, ${pinned})`,
          message: 'Images must be pinned to a version tag or digest, not latest.',
        },
      ],
    },
  });
}
