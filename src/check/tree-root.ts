import { dirname, relative, resolve, sep } from 'node:path';
import { TREE_ROOT_ANNOTATION } from '../k8s/annotations.ts';
import { sourcesOf } from './gitops.ts';
import type { SourcedObject } from './types.ts';

/**
 * The directory the checked files' names are relative to: the root of the repository their Applications read
 * them from. An Application's source `path` is relative to its repository's root, wherever shai runs; so the
 * root is found from the tree itself, as the directory R for which most source paths name a folder of checked
 * files (R/<path>). A tree without Applications, or whose Applications read none of its folders, keeps the
 * working directory, as before.
 */
export function repositoryRoot(objects: readonly SourcedObject[], cwd: string): string {
  const dirs = new Set<string>();
  for (const o of objects) if (o.file) dirs.add(toPosix(dirname(resolve(cwd, o.file))));
  const votes = new Map<string, number>();
  for (const app of objects) {
    if (app.object.kind !== 'Application') continue;
    const root = trim(app.object.metadata?.annotations?.[TREE_ROOT_ANNOTATION] ?? '');
    for (const src of sourcesOf(app)) {
      if (src.chart || typeof src.path !== 'string') continue;
      let path = trim(src.path === '.' ? '' : src.path);
      if (root && (path === root || path.startsWith(`${root}/`))) path = trim(path.slice(root.length));
      if (!path) continue; // the repository root itself names no folder to find
      for (const d of dirs) {
        const at = `${d}/`.lastIndexOf(`/${path}/`);
        if (at >= 0) votes.set(d.slice(0, at) || '/', (votes.get(d.slice(0, at) || '/') ?? 0) + 1);
      }
    }
  }
  let best = toPosix(resolve(cwd));
  let most = 0;
  // deterministic: the most votes, then the shortest root
  for (const [r, n] of [...votes].sort(([a], [b]) => a.length - b.length || (a < b ? -1 : 1)))
    if (n > most) [best, most] = [r, n];
  return best;
}

/** The objects (or documents not understood) with their file names made relative to `root` instead of `cwd`. */
export function rebase<T extends { file?: string }>(items: T[], cwd: string, root: string): T[] {
  if (toPosix(resolve(cwd)) === root) return items;
  return items.map((o) => (o.file ? { ...o, file: toPosix(relative(root, resolve(cwd, o.file))) } : o));
}

function trim(p: string): string {
  return p.replace(/^\.?\/+|\/+$/g, '');
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
