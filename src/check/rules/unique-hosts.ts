import { isObject } from '../../semantics/pods.ts';
import { fail, pass, where } from '../result.ts';
import type { Rule, RuleResult, SourcedObject } from '../types.ts';
import type { Yaml } from '../../semantics/pods.ts';

interface Served {
  key: string;
  object: SourcedObject;
  jsonPath: string;
  /** Traefik entry points the route listens on; undefined means all of them. */
  entryPoints?: string[];
}

/** Ingress annotation naming the Traefik entry points of its routers. */
const ENTRYPOINTS_ANNOTATION = 'traefik.ingress.kubernetes.io/router.entrypoints';

/** Two routes collide when they share an entry point (an HTTP-only redirect route beside the HTTPS one does not). */
function overlap(a: Served, b: Served): boolean {
  if (!a.entryPoints || !b.entryPoints) return true;
  return a.entryPoints.some((e) => b.entryPoints?.includes(e));
}

// Compiled once per process.
const MATCHERS: Readonly<Record<string, RegExp>> = {
  Host: /\bHost\(([^)]*)\)/g,
  PathPrefix: /\bPathPrefix\(([^)]*)\)/g,
  Path: /\bPath\(([^)]*)\)/g,
};
const ARG = /[`"']([^`"']*)[`"']/g;
const HEADER_MATCHERS = /\bHeaders?(?:Regexp)?\([^)]*\)/g;

/** Hosts and path prefixes of a Traefik rule: Host(`a`, `b`) && PathPrefix(`/x`). Without a path, `/`. */
export function parseMatch(match: string): { hosts: string[]; paths: string[] } {
  // exec loops rather than matchAll iterators; each loop ends with lastIndex back at 0
  const args = (fn: string) => {
    const out: string[] = [];
    const re = MATCHERS[fn]!;
    re.lastIndex = 0;
    for (let m = re.exec(match); m; m = re.exec(match)) {
      const inner = m[1] ?? '';
      ARG.lastIndex = 0;
      for (let a = ARG.exec(inner); a; a = ARG.exec(inner)) out.push(a[1] ?? '');
    }
    return out;
  };
  const paths = [...args('PathPrefix'), ...args('Path')];
  return { hosts: args('Host'), paths: paths.length ? paths : ['/'] };
}

function served(o: SourcedObject): Served[] {
  const spec: Yaml = isObject(o.object.spec) ? o.object.spec : {};
  const out: Served[] = [];
  const annotated = o.object.metadata.annotations?.[ENTRYPOINTS_ANNOTATION];
  const entryPoints: string[] | undefined =
    o.object.kind === 'Ingress'
      ? annotated?.split(',').map((e) => e.trim())
      : Array.isArray(spec.entryPoints) && spec.entryPoints.length
        ? spec.entryPoints.map(String)
        : undefined;
  const ep = entryPoints ? { entryPoints } : {};
  if (o.object.kind === 'Ingress') {
    (Array.isArray(spec.rules) ? spec.rules : []).forEach((r: Yaml, ri: number) => {
      if (!r?.host) return;
      const paths: Yaml[] = Array.isArray(r.http?.paths) ? r.http.paths : [{ path: '/' }];
      paths.forEach((p, pi) =>
        out.push({
          key: `${r.host}${p?.path ?? '/'}`,
          object: o,
          jsonPath: `.spec.rules[${ri}].http.paths[${pi}]`,
          ...ep,
        }),
      );
    });
  } else {
    (Array.isArray(spec.routes) ? spec.routes : []).forEach((r: Yaml, ri: number) => {
      if (typeof r?.match !== 'string') return;
      const { hosts, paths } = parseMatch(r.match);
      // A route that also requires a header (an API-key route beside the browser one) is another route.
      const headers = (r.match.match(HEADER_MATCHERS) ?? []).sort().join(' && ');
      for (const h of hosts)
        for (const p of paths)
          out.push({
            key: `${h}${p}${headers ? ` [${headers}]` : ''}`,
            object: o,
            jsonPath: `.spec.routes[${ri}].match`,
            ...ep,
          });
    });
  }
  return out;
}

/** Each host and path is served by one Ingress or IngressRoute. */
export const uniqueHosts: Rule = {
  id: 'unique-hosts',
  title: 'Hosts and paths are unique',
  severity: 'error',
  family: 'uniqueness',
  targets: ['Ingress', 'IngressRoute'],
  fix: 'Serve each host and path from one route; remove or rename the duplicate.',
  docs:
    'Two routes for the same host and path make Traefik pick one by rule length and priority: requests reach a service ' +
    'nobody expects, often the one without authentication. Ingress rules (host + path) and IngressRoute matches ' +
    '(`Host(...)` with `PathPrefix`/`Path`, `/` when absent) are compared across the whole tree; routes on disjoint ' +
    'entry points (an HTTP redirect beside the HTTPS route) do not collide.',
  check: (ctx) => {
    const all = [...ctx.index.byKind('Ingress'), ...ctx.index.byKind('IngressRoute')].flatMap(served);
    const byKey = new Map<string, Served[]>();
    for (const s of all) {
      const list = byKey.get(s.key);
      if (list) list.push(s);
      else byKey.set(s.key, [s]);
    }
    const out: RuleResult[] = [];
    const failed = new Set<SourcedObject>();
    for (const [key, list] of byKey) {
      if (list.length < 2) continue;
      for (const s of list) {
        const clashing = list.filter((x) => x !== s && overlap(s, x));
        if (!clashing.length) continue;
        const others = clashing.map((x) => `${x.object.object.kind} ${where(x.object)}`);
        out.push(fail(s.object, `${key} is also served by ${[...new Set(others)].join(', ')}`, s.jsonPath));
        failed.add(s.object);
      }
    }
    for (const s of new Set(all.map((x) => x.object))) if (!failed.has(s)) out.push(pass(s));
    return out;
  },
};
