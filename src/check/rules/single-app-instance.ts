import { containersOf, workloads, type Workload } from '../../semantics/pods.ts';
import { fail, nsOf, pass, where } from '../result.ts';
import type { Rule, RuleResult } from '../types.ts';

const NAME_LABEL = 'app.kubernetes.io/name';
/** Workloads that serve; Jobs and CronJobs run the same tool image in many namespaces legitimately. */
const SERVING = ['Deployment', 'StatefulSet'];

/** The image without tag or digest: `ghcr.io/berriai/litellm:v1` → `ghcr.io/berriai/litellm`. */
export function imageRepository(image: string): string {
  const at = image.indexOf('@');
  const noDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = noDigest.indexOf(':', noDigest.lastIndexOf('/') + 1);
  return colon >= 0 ? noDigest.slice(0, colon) : noDigest;
}

/** What makes two workloads the same application: the name label, else the main container's image repository. */
function identity(w: Workload): string | undefined {
  const name = w.template.labels[NAME_LABEL] ?? w.source.object.metadata.labels?.[NAME_LABEL];
  if (name) return `app ${name}`;
  const main = containersOf(w.template).find((c) => !c.init)?.container.image;
  return typeof main === 'string' && main ? `image ${imageRepository(main)}` : undefined;
}

/** One instance of an application across namespaces. */
export const singleAppInstance: Rule = {
  id: 'single-app-instance',
  title: 'One instance of an application across namespaces',
  severity: 'error',
  family: 'uniqueness',
  targets: ['Deployment', 'StatefulSet'],
  fix: 'Keep one instance and point every client at it; delete the copy (or suppress with shai.dev/ignore and a reason if both are intended).',
  docs:
    'The upstream homelab ran two LiteLLM gateways in two namespaces, each with its own keys and budget, and clients ' +
    'talked to whichever they found first. Deployments and StatefulSets are the same application when they share the ' +
    '`app.kubernetes.io/name` label or, without it, the image repository of their main container; the rule fails when ' +
    'one application runs in more than one namespace.',
  check: (ctx) => {
    const groups = new Map<string, Workload[]>();
    for (const w of workloads(ctx.objects)) {
      if (!SERVING.includes(w.source.object.kind)) continue;
      const id = identity(w);
      if (!id) continue;
      const g = groups.get(id);
      if (g) g.push(w);
      else groups.set(id, [w]);
    }
    const out: RuleResult[] = [];
    for (const [id, ws] of groups) {
      const namespaces = new Set(ws.map((w) => nsOf(w.source)));
      for (const w of ws) {
        if (namespaces.size < 2) {
          out.push(pass(w.source));
          continue;
        }
        const others = ws
          .filter((x) => nsOf(x.source) !== nsOf(w.source))
          .map((x) => `${x.source.object.kind} ${where(x.source)}`);
        out.push(
          fail(w.source, `${id} also runs as ${[...new Set(others)].sort().join(', ')}`, '.metadata.name'),
        );
      }
    }
    return out;
  },
};
