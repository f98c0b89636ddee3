import { isObject, type Yaml } from '../semantics/pods.ts';
import { waveOf } from '../semantics/scheduler/pods.ts';
import type { ObjectIndex, SourcedObject } from './types.ts';
import { TREE_ROOT_ANNOTATION } from '../k8s/annotations.ts';

/** An Application source as Argo CD reads it (`spec.source` or one of `spec.sources`). */
export interface AppSource {
  repoURL?: string;
  chart?: string;
  path?: string;
  targetRevision?: string;
  directory?: { recurse?: boolean; include?: string; exclude?: string };
  helm?: unknown;
  kustomize?: unknown;
  plugin?: unknown;
  jsonPath: string;
}

/** The sources of an Application, with their JSON paths. */
export function sourcesOf(app: SourcedObject): AppSource[] {
  const spec: Yaml = isObject(app.object.spec) ? app.object.spec : {};
  if (isObject(spec.source)) return [{ ...spec.source, jsonPath: '.spec.source' }];
  return (Array.isArray(spec.sources) ? spec.sources : []).flatMap((s: unknown, i: number) =>
    isObject(s) ? [{ ...s, jsonPath: `.spec.sources[${i}]` }] : [],
  );
}

/** The Applications of the run, sorted by wave then name (Argo CD's order). */
export function applications(index: ObjectIndex): SourcedObject[] {
  return [...index.byKind('Application')].sort(
    (a, b) => waveOf(a) - waveOf(b) || cmp(a.object.metadata?.name ?? '', b.object.metadata?.name ?? ''),
  );
}

/**
 * True when a source reads the file: a git source whose path (relative to the repository, re-based by the
 * Application's `shai.dev/tree-root`) holds it, directly or, with `directory.recurse` or a Helm/Kustomize/
 * plugin source, at any depth; `directory.include`/`exclude` globs apply to directory sources.
 */
export function sourceReads(app: SourcedObject, src: AppSource, file: string): boolean {
  if (src.chart || typeof src.path !== 'string') return false;
  const root = trimSlashes(app.object.metadata?.annotations?.[TREE_ROOT_ANNOTATION] ?? '');
  let dir = trimSlashes(src.path === '.' ? '' : src.path);
  if (root) {
    if (dir !== root && !dir.startsWith(`${root}/`)) return false;
    dir = trimSlashes(dir.slice(root.length));
  }
  const f = trimSlashes(file.replace(/^\.\//, ''));
  if (dir && !f.startsWith(`${dir}/`)) return false;
  const rel = dir ? f.slice(dir.length + 1) : f;
  const generated = src.helm !== undefined || src.kustomize !== undefined || src.plugin !== undefined;
  if (!generated && !src.directory?.recurse && rel.includes('/')) return false;
  if (generated) return true;
  const { include, exclude } = src.directory ?? {};
  if (include && !globMatch(include, rel)) return false;
  if (exclude && globMatch(exclude, rel)) return false;
  return true;
}

/** The Applications whose sources read the file. */
export function readersOf(apps: readonly SourcedObject[], file: string): SourcedObject[] {
  return apps.filter((a) => sourcesOf(a).some((s) => sourceReads(a, s, file)));
}

/**
 * Argo CD's `directory.include`/`exclude` globs: `*` within a path segment, `**` across, `?`, and
 * `{a,b}` alternatives (several patterns are written `{*.yaml,*.yml}`).
 */
export function globMatch(glob: string, path: string): boolean {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',') re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(path);
}

/** `name (wave n)` for messages. */
export function appLabel(app: SourcedObject): string {
  return `Application ${app.object.metadata?.name} (wave ${waveOf(app)})`;
}

function trimSlashes(p: string): string {
  return p.replace(/^\/+|\/+$/g, '');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
