import { TREE_ROOT_ANNOTATION } from '../../k8s/annotations.ts';
import { applications, readersOf, sourcesOf } from '../gitops.ts';
import { fail, pass } from '../result.ts';
import type { Rule, RuleResult, SourcedObject } from '../types.ts';

/** Every manifest of a GitOps tree is read by some Argo CD Application. */
export const manifestReadByApplication: Rule = {
  id: 'manifest-read-by-application',
  title: 'Every manifest is read by an Application',
  severity: 'error',
  family: 'gitops',
  targets: ['*'],
  fix: 'Move the file under the path of an Application, set `directory.recurse: true`, or widen its `directory.include`.',
  docs:
    'Argo CD applies only what an Application reads: a file beside the path, in a subdirectory of a non-recursive ' +
    "directory source, or filtered out by `directory.include`/`exclude` silently does nothing (the upstream's Kyverno " +
    'policies sat in such a folder). Applies when the tree holds at least one Application. File paths are relative to the ' +
    "repository root the Applications' source paths start from (found from the tree, so the check says the same from any " +
    'working directory); an Application whose paths start with a folder the checked root ' +
    `sits in declares it with \`${TREE_ROOT_ANNOTATION}: <folder>\`. Git sources read \`.yaml\`, \`.yml\` and \`.json\` files at their \`path\`, ` +
    'at any depth with `directory.recurse: true` or when the source is a Helm chart, Kustomize or plugin directory. The bootstrap ' +
    'file, holding an app-of-apps root Application that no Application reads but that itself reads Applications, is applied by ' +
    'hand and exempt. An object of a chart recording (a file whose header says `# application: <name>`) is read by that ' +
    'Application, which must be in the tree and have a chart source.',
  check: (ctx) => {
    const apps = applications(ctx.index);
    if (apps.length === 0) return [];
    const bootstrap = new Set<string>();
    for (const a of apps) {
      if (!a.file || readersOf(apps, a.file).length) continue;
      const readsApps = apps.some(
        (b) => b !== a && b.file && sourcesOf(a).length && readersOf([a], b.file).length,
      );
      if (readsApps) bootstrap.add(a.file);
    }
    const cache = new Map<string, boolean>();
    const out: RuleResult[] = [];
    for (const o of ctx.objects) {
      if (o.application !== undefined) {
        out.push(recorded(o, apps));
        continue;
      }
      if (!o.file || bootstrap.has(o.file)) continue;
      if (!cache.has(o.file)) cache.set(o.file, readersOf(apps, o.file).length > 0);
      out.push(
        cache.get(o.file) ? pass(o) : fail(o, `${o.file} is read by no Application: ${nearest(apps, o)}`),
      );
    }
    return out;
  },
};

/** A chart recording's object is read when the Application its header names renders a chart. */
function recorded(o: SourcedObject, apps: SourcedObject[]): RuleResult {
  const app = apps.find((a) => a.object.metadata?.name === o.application);
  if (!app)
    return fail(
      o,
      `${o.file ?? 'its file'} records the chart output of Application ${o.application}, which is not in the tree`,
    );
  if (!sourcesOf(app).some((s) => s.chart))
    return fail(
      o,
      `${o.file ?? 'its file'} records chart output, but Application ${o.application} has no chart source`,
    );
  return pass(o);
}

/** A hint naming the Application paths closest to the file (most leading path segments in common). */
function nearest(apps: SourcedObject[], o: SourcedObject): string {
  const globs = new Set(
    apps.flatMap((a) =>
      sourcesOf(a).flatMap((s) =>
        typeof s.path === 'string' ? [`${s.path}${s.directory?.recurse ? '/**' : '/*'}`] : [],
      ),
    ),
  );
  const file = (o.file ?? '').split('/');
  const shared = (g: string) => {
    const parts = g.split('/');
    let n = 0;
    while (n < parts.length && parts[n] === file[n]) n++;
    return n;
  };
  const ranked = [...globs].sort((a, b) => shared(b) - shared(a) || (a < b ? -1 : 1)).slice(0, 3);
  const dir = file.slice(0, -1).join('/') || '.';
  return `no source reads ${dir}/${ranked.length ? ` (nearest Application paths: ${ranked.join(', ')})` : ''}`;
}
