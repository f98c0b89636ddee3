import { contractedContainers, readAt } from '../images.ts';
import { isObject } from '../../semantics/pods.ts';
import { fail, pass, skipped } from '../result.ts';
import type { Rule, RuleResult } from '../types.ts';

/** A container of a contracted image runs as the user and group the image's contract names. */
export const imageUser: Rule = {
  id: 'image-user',
  title: 'Containers run as the user their image is built for',
  severity: 'error',
  family: 'images',
  targets: ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'],
  fix: 'Set runAsUser and runAsGroup (pod or container securityContext) to the user and group of the image contract in src/images/.',
  docs:
    'For every container whose image has a contract in the image catalog (src/images/, one file per image, each fact citing the ' +
    'upstream source at that tag), the effective runAsUser and runAsGroup (the container securityContext, else the pod one) must be ' +
    "the contract's user and group: an image that keeps its files for one uid fails under another (LiteLLM's Prisma engines, " +
    "n8n's home). An image at a tag the catalog has not read is skipped, not judged.",
  check: (ctx) => {
    const out: RuleResult[] = [];
    for (const c of contractedContainers(ctx.objects)) {
      if (c.status !== 'found') {
        out.push(
          skipped(
            c.source,
            `${c.container.image}: no contract read at this tag (known: ${readAt(c.contract)})`,
            c.jsonPath,
          ),
        );
        continue;
      }
      const pod = isObject(c.template.spec.securityContext) ? c.template.spec.securityContext : {};
      const own = isObject(c.container.securityContext) ? c.container.securityContext : {};
      const uid = own.runAsUser ?? pod.runAsUser;
      const gid = own.runAsGroup ?? pod.runAsGroup;
      const want = c.contract.user.value;
      out.push(
        uid === want.uid && gid === want.gid
          ? pass(c.source)
          : fail(
              c.source,
              `container ${c.container.name} runs as ${uid ?? 'the image default'}:${gid ?? 'the image default'}, but ${c.contract.repository}:${c.contract.tag} is built for ${want.uid}:${want.gid} (${c.contract.user.cite})`,
              `${c.jsonPath}.securityContext`,
            ),
      );
    }
    return out;
  },
};
