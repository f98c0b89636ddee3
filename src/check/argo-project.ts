import { groupOf } from '../k8s/scope.ts';
import { isObject, type Yaml } from '../semantics/pods.ts';
import type { SourcedObject } from './types.ts';

/*
 * An AppProject's permissions, as argo-cd v3.3.9 checks them before applying each object of a sync
 * (controller/sync.go, WithPermissionValidator):
 * - IsGroupKindNamePermitted (pkg/apis/application/v1alpha1/app_project_types.go): a namespaced kind needs the
 *   namespace resource whitelist to be unset or to list it, and the blacklist not to; a cluster-scoped kind needs
 *   the cluster whitelist to list it (an empty list permits nothing) and the blacklist not to. Group and kind
 *   match with Go's path/filepath.Match, the cluster lists' optional `name` too (types.go isResourceInList).
 * - IsDestinationPermitted / isDestinationMatched: a namespaced object's namespace, with the Application's
 *   server or cluster name, must match a destination; patterns are gobwas/glob globs (util/glob), `!` denies.
 */

/** A group/kind entry of an AppProject resource list. */
interface GroupKind {
  group: string;
  kind: string;
  name?: string;
}

/** The parts of an AppProject that decide what it permits. */
export interface Project {
  name: string;
  destinations: { server?: string; name?: string; namespace?: string }[];
  clusterWhitelist: GroupKind[];
  clusterBlacklist: GroupKind[];
  /** undefined: every namespaced kind is permitted (Go's nil); [] permits none. */
  namespaceWhitelist: GroupKind[] | undefined;
  namespaceBlacklist: GroupKind[];
}

/** The project Argo CD creates as `default` when none is defined: everything is permitted. */
export const DEFAULT_PROJECT: Project = {
  name: 'default',
  destinations: [{ server: '*', namespace: '*', name: '*' }],
  clusterWhitelist: [{ group: '*', kind: '*' }],
  clusterBlacklist: [],
  namespaceWhitelist: undefined,
  namespaceBlacklist: [],
};

/** An AppProject object read as a Project. */
export function projectOf(o: SourcedObject): Project {
  const spec: Yaml = isObject(o.object.spec) ? o.object.spec : {};
  const list = (v: unknown): GroupKind[] =>
    Array.isArray(v)
      ? v.filter(isObject).map((e) => ({
          group: String(e.group ?? ''),
          kind: String(e.kind ?? ''),
          ...(typeof e.name === 'string' ? { name: e.name } : {}),
        }))
      : [];
  return {
    name: String(o.object.metadata?.name ?? ''),
    destinations: (Array.isArray(spec.destinations) ? spec.destinations : []).filter(isObject),
    clusterWhitelist: list(spec.clusterResourceWhitelist),
    clusterBlacklist: list(spec.clusterResourceBlacklist),
    namespaceWhitelist: Array.isArray(spec.namespaceResourceWhitelist)
      ? list(spec.namespaceResourceWhitelist)
      : undefined,
    namespaceBlacklist: list(spec.namespaceResourceBlacklist),
  };
}

/** Why the project refuses an object of apiVersion/kind named `name`, or undefined when it permits it. */
export function kindRefusal(
  p: Project,
  apiVersion: string,
  kind: string,
  name: string,
  namespaced: boolean,
): string | undefined {
  const group = groupOf(apiVersion);
  const inList = (list: GroupKind[], named: boolean) =>
    list.some(
      (e) =>
        filepathMatch(e.kind, kind) &&
        filepathMatch(e.group, group) &&
        (!named || !e.name || filepathMatch(e.name, name)),
    );
  const permitted = namespaced
    ? (p.namespaceWhitelist === undefined ||
        (p.namespaceWhitelist.length > 0 && inList(p.namespaceWhitelist, false))) &&
      !inList(p.namespaceBlacklist, false)
    : inList(p.clusterWhitelist, true) && !inList(p.clusterBlacklist, true);
  return permitted ? undefined : `resource ${group}:${kind} is not permitted in project ${p.name}`;
}

/** True when the project lets an Application with this server/cluster name deploy into `namespace`. */
export function destinationPermitted(
  p: Project,
  dst: { server?: string; name?: string; namespace: string },
): boolean {
  let any = false;
  for (const item of p.destinations) {
    const nameMatched = !!dst.name && globMatch(item.name ?? '', dst.name);
    const serverMatched = !!dst.server && globMatch(item.server ?? '', dst.server);
    const nsMatched = globMatch(item.namespace ?? '', dst.namespace);
    if ((serverMatched || nameMatched) && nsMatched) any = true;
    else if ((!nameMatched && deny(item.name)) || (!serverMatched && deny(item.server) && nsMatched))
      return false;
    else if (!nsMatched && deny(item.namespace) && serverMatched) return false;
  }
  return any;
}

function deny(pattern: string | undefined): boolean {
  return !!pattern?.startsWith('!');
}

/** app_project_types.go globMatch with negation allowed: `!p` matches what p does not, `*` anything. */
function globMatch(pattern: string, value: string): boolean {
  if (pattern.startsWith('!')) return !gobwasMatch(pattern.slice(1), value);
  return pattern === '*' || gobwasMatch(pattern, value);
}

const gobwasCache = new Map<string, RegExp | null>();

/** gobwas/glob without separators: `*` and `**` any text, `?` one character, `[a-z]`/`[!a-z]`, `{a,b}`, `\` escapes. */
export function gobwasMatch(pattern: string, text: string): boolean {
  let re = gobwasCache.get(pattern);
  if (re === undefined) gobwasCache.set(pattern, (re = compile(pattern, '.*', '.', '!')));
  return !!re && re.test(text);
}

const filepathCache = new Map<string, RegExp | null>();

/** Go's path/filepath.Match: `*` any text without `/`, `?` one such character, `[a-z]`/`[^a-z]`, `\` escapes. */
export function filepathMatch(pattern: string, text: string): boolean {
  let re = filepathCache.get(pattern);
  if (re === undefined) filepathCache.set(pattern, (re = compile(pattern, '[^/]*', '[^/]', '^', false)));
  return !!re && re.test(text);
}

/** A glob as a RegExp, or null for a malformed pattern (Go then reports an error, which counts as no match). */
function compile(pattern: string, star: string, one: string, negate: string, braces = true): RegExp | null {
  let re = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      if (i + 1 >= pattern.length) return null;
      re += escape(pattern[++i]!);
    } else if (c === '*') {
      while (pattern[i + 1] === '*') i++;
      re += star;
    } else if (c === '?') re += one;
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) return null;
      let body = pattern.slice(i + 1, end);
      const neg = body.startsWith(negate);
      if (neg) body = body.slice(1);
      re += `[${neg ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (braces && c === '{') {
      depth++;
      re += '(?:';
    } else if (braces && c === '}' && depth > 0) {
      depth--;
      re += ')';
    } else if (braces && c === ',' && depth > 0) re += '|';
    else re += escape(c);
  }
  if (depth) return null;
  try {
    return new RegExp(`^${re}$`, 's');
  } catch {
    return null;
  }
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
