import { contractedContainers } from '../images.ts';
import { isObject, type Yaml } from '../../semantics/pods.ts';
import { fail, pass } from '../result.ts';
import type { Rule, RuleResult } from '../types.ts';

/** Is `path` at or under `dir`? */
function under(path: string, dir: string): boolean {
  const d = dir.replace(/\/+$/, '');
  return path === d || path.startsWith(`${d}/`);
}

/** With a read-only root, every path the image's server writes is on a writable mount. */
export const imageWritablePaths: Rule = {
  id: 'image-writable-paths',
  title: 'Paths the image writes are mounted writable',
  severity: 'error',
  family: 'images',
  targets: ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'],
  fix: 'Mount a volume (an emptyDir for scratch, a PersistentVolumeClaim for data) at each path, without readOnly, or keep the root writable.',
  docs:
    "For a container that runs its image's server (no command, or the contract's command) with `readOnlyRootFilesystem: true`, " +
    'every path the image contract says the server writes must be at or under a volumeMount that is not readOnly; otherwise the ' +
    'process crash-loops on "Read-only file system". Containers running another program of the image (a client in a Job) are not judged.',
  check: (ctx) => {
    const out: RuleResult[] = [];
    for (const c of contractedContainers(ctx.objects)) {
      if (c.status !== 'found' || !c.server) continue;
      const sc: Yaml = isObject(c.container.securityContext) ? c.container.securityContext : {};
      if (sc.readOnlyRootFilesystem !== true) {
        out.push(pass(c.source));
        continue;
      }
      const mounts: Yaml[] = Array.isArray(c.container.volumeMounts) ? c.container.volumeMounts : [];
      const writable = mounts.filter(
        (m) => isObject(m) && typeof m.mountPath === 'string' && m.readOnly !== true,
      );
      const missing = c.contract.writes.filter((w) => !writable.some((m) => under(w.value, m.mountPath)));
      out.push(
        missing.length === 0
          ? pass(c.source)
          : fail(
              c.source,
              `container ${c.container.name} has a read-only root but ${c.contract.repository}:${c.contract.tag} writes ${missing
                .map((w) => `${w.value} (${w.cite})`)
                .join('; ')}, which no writable volume covers`,
              `${c.jsonPath}.volumeMounts`,
            ),
      );
    }
    return out;
  },
};
