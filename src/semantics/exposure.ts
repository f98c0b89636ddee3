import { isObject, workloads, type Workload, type Yaml } from './pods.ts';
import { nsOf, type ObjectIndex, type SourcedObject } from './objects.ts';
import { backendsOf, type BackendRef } from './routes.ts';

/** Ingress annotation listing Traefik middlewares as `<ns>-<name>@kubernetescrd`. */
const MIDDLEWARES = 'traefik.ingress.kubernetes.io/router.middlewares';
const ENTRYPOINTS = 'traefik.ingress.kubernetes.io/router.entrypoints';
const ROUTER_TLS = 'traefik.ingress.kubernetes.io/router.tls';

/** One host (and path) served by an Ingress rule or an IngressRoute route, with what guards it. */
export interface HostRoute {
  object: SourcedObject;
  host: string;
  path: string;
  jsonPath: string;
  /** Middleware objects the route passes through (unresolvable references are left out). */
  middlewares: SourcedObject[];
  /** References that name no Middleware in the tree. */
  missing: string[];
  backends: BackendRef[];
  /** Entry points the route listens on; undefined means all of them. */
  entryPoints?: string[];
  tls: boolean;
  /** `HeaderRegexp(header, pattern)` matchers the route requires (none when its rule has an `||`). */
  headers?: { header: string; pattern: string }[];
}

// Three rules walk the same routes; compute them once per run (the index is built once per run).
const routeCache = new WeakMap<ObjectIndex, HostRoute[]>();

/** Every host route of the Ingresses and IngressRoutes of the run. */
export function hostRoutes(index: ObjectIndex): HostRoute[] {
  const hit = routeCache.get(index);
  if (hit) return hit;
  const routes = [
    ...index.byKind('Ingress').flatMap((o) => ingressRoutes(o, index)),
    ...index.byKind('IngressRoute').flatMap((o) => ingressRouteRoutes(o, index)),
  ];
  routeCache.set(index, routes);
  return routes;
}

function ingressRoutes(o: SourcedObject, index: ObjectIndex): HostRoute[] {
  const spec: Yaml = isObject(o.object.spec) ? o.object.spec : {};
  const ann = o.object.metadata?.annotations ?? {};
  const { found, missing } = annotatedMiddlewares(ann[MIDDLEWARES], index);
  const entryPoints = ann[ENTRYPOINTS]?.split(',').map((e) => e.trim());
  const tlsHosts: string[] = (Array.isArray(spec.tls) ? spec.tls : []).flatMap((t: Yaml) =>
    Array.isArray(t?.hosts) ? t.hosts : [],
  );
  const backends = backendsOf(o);
  const out: HostRoute[] = [];
  (Array.isArray(spec.rules) ? spec.rules : []).forEach((r: Yaml, ri: number) => {
    const host = typeof r?.host === 'string' ? r.host : '*';
    const paths: Yaml[] = Array.isArray(r?.http?.paths) ? r.http.paths : [];
    paths.forEach((p, pi) => {
      const jsonPath = `.spec.rules[${ri}].http.paths[${pi}]`;
      out.push({
        object: o,
        host,
        path: p?.path ?? '/',
        jsonPath,
        middlewares: found,
        missing,
        backends: backends.filter((b) => b.jsonPath.startsWith(jsonPath)),
        ...(entryPoints ? { entryPoints } : {}),
        tls: ann[ROUTER_TLS] === 'true' || tlsHosts.some((h) => hostCovered(h, host)),
      });
    });
  });
  return out;
}

function ingressRouteRoutes(o: SourcedObject, index: ObjectIndex): HostRoute[] {
  const spec: Yaml = isObject(o.object.spec) ? o.object.spec : {};
  const entryPoints: string[] | undefined =
    Array.isArray(spec.entryPoints) && spec.entryPoints.length ? spec.entryPoints.map(String) : undefined;
  // Traefik's websecure entry point terminates TLS itself (the chart enables it); any other entry point needs spec.tls.
  const tls =
    isObject(spec.tls) || (entryPoints !== undefined && entryPoints.every((e) => e === 'websecure'));
  const backends = backendsOf(o);
  const out: HostRoute[] = [];
  (Array.isArray(spec.routes) ? spec.routes : []).forEach((r: Yaml, ri: number) => {
    if (typeof r?.match !== 'string') return;
    const found: SourcedObject[] = [];
    const missing: string[] = [];
    for (const m of Array.isArray(r.middlewares) ? r.middlewares : []) {
      if (!isObject(m) || typeof m.name !== 'string') continue;
      const mw = index.get('Middleware', m.namespace ?? nsOf(o), m.name);
      if (mw) found.push(mw);
      else missing.push(`${m.namespace ?? nsOf(o)}/${m.name}`);
    }
    const { hosts, paths, headers } = parseMatch(r.match);
    const base = `.spec.routes[${ri}]`;
    const own = backends.filter((b) => b.jsonPath.startsWith(base));
    for (const host of hosts.length ? hosts : ['*']) {
      for (const path of paths) {
        // the optional key is assigned, not spread: object spread is slow and this runs per route of the run
        const route: HostRoute = {
          object: o,
          host,
          path,
          jsonPath: base,
          middlewares: found,
          missing,
          backends: own.slice(),
          tls,
        };
        if (entryPoints) route.entryPoints = entryPoints;
        if (headers.length) route.headers = headers;
        out.push(route);
      }
    }
  });
  return out;
}

function annotatedMiddlewares(
  raw: string | undefined,
  index: ObjectIndex,
): { found: SourcedObject[]; missing: string[] } {
  const found: SourcedObject[] = [];
  const missing: string[] = [];
  for (const ref of (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const id = ref.replace(/@kubernetescrd$/, '');
    const mw = index.byKind('Middleware').find((m) => `${nsOf(m)}-${m.object.metadata?.name}` === id);
    if (mw) found.push(mw);
    else missing.push(ref);
  }
  return { found, missing };
}

const MATCHER = /\b(Host|PathPrefix|Path)\(([^)]*)\)/g;
const ARG = /[`"']([^`"']*)[`"']/g;
const HEADER = /\bHeaderRegexp\(\s*`([^`]*)`\s*,\s*`([^`]*)`\s*\)/g;

/** Hosts, paths and required header patterns of a Traefik rule (`Host(\`a\`) && PathPrefix(\`/x\`)`); `/` without a path. Precompiled: runs once per route. */
function parseMatch(match: string): {
  hosts: string[];
  paths: string[];
  headers: { header: string; pattern: string }[];
} {
  const hosts: string[] = [];
  const paths: string[] = [];
  const headers: { header: string; pattern: string }[] = [];
  // A header is required only when every alternative of the rule requires it: no `||`, no negation.
  if (match.includes('HeaderRegexp') && !/\|\||!/.test(match)) {
    HEADER.lastIndex = 0;
    for (let h = HEADER.exec(match); h; h = HEADER.exec(match))
      headers.push({ header: h[1]!, pattern: h[2]! });
  }
  // exec loops rather than matchAll iterators (one route per IngressRoute of the run); both end at lastIndex 0
  MATCHER.lastIndex = 0;
  for (let m = MATCHER.exec(match); m; m = MATCHER.exec(match)) {
    const args = m[2] ?? '';
    ARG.lastIndex = 0;
    for (let a = ARG.exec(args); a; a = ARG.exec(args)) (m[1] === 'Host' ? hosts : paths).push(a[1] ?? '');
  }
  return { hosts, paths: paths.length ? paths : ['/'], headers };
}

/** True when a TLS host entry (possibly `*.example.com`) covers the host. */
export function hostCovered(tlsHost: string, host: string): boolean {
  if (tlsHost === host) return true;
  return (
    tlsHost.startsWith('*.') &&
    host.endsWith(tlsHost.slice(1)) &&
    !host.slice(0, -tlsHost.length + 1).includes('.')
  );
}

/** True when a Middleware is a ForwardAuth, directly or through a chain. */
export function isForwardAuth(
  mw: SourcedObject,
  index: ObjectIndex,
  seen = new Set<SourcedObject>(),
): boolean {
  if (seen.has(mw)) return false;
  seen.add(mw);
  const spec: Yaml = mw.object.spec ?? {};
  if (isObject(spec.forwardAuth)) return true;
  const chain = Array.isArray(spec.chain?.middlewares) ? spec.chain.middlewares : [];
  return chain.some((m: Yaml) => {
    const next =
      isObject(m) && typeof m.name === 'string'
        ? index.get('Middleware', m.namespace ?? nsOf(mw), m.name)
        : undefined;
    return next !== undefined && isForwardAuth(next, index, seen);
  });
}

/** True when the route passes through a forward-auth middleware. */
export function hasForwardAuth(r: HostRoute, index: ObjectIndex): boolean {
  return r.middlewares.some((m) => isForwardAuth(m, index));
}

/** True when the route only redirects to HTTPS (a `redirectScheme` middleware): nothing is served on it. */
export function isRedirect(r: HostRoute): boolean {
  return r.middlewares.some((m) => isObject((m.object.spec as Yaml)?.redirectScheme));
}

/** True when every backend of the route is oauth2-proxy: its `/oauth2/` callback routes are part of forward-auth. */
export function isAuthProxyRoute(r: HostRoute): boolean {
  return r.backends.length > 0 && r.backends.every((b) => /oauth2-proxy/.test(b.name));
}

const SENSITIVE_IMAGE = /(^|\/)(ollama|litellm|qdrant|postgres(ql)?|redis|valkey)([-_/:@]|$)/i;
const SENSITIVE_PORTS = new Map([
  [11434, 'Ollama'],
  [4000, 'LiteLLM'],
  [6333, 'Qdrant'],
  [6334, 'Qdrant'],
  [5432, 'PostgreSQL'],
  [6379, 'Redis'],
]);

/**
 * The pod templates a Service selects, per Service. Pod templates are grouped by namespace and label once,
 * so each Service looks only at the templates carrying its first selector label.
 */
export function serviceWorkloads(objects: readonly SourcedObject[]): (svc: SourcedObject) => Workload[] {
  // namespace → label key → label value → pod templates
  const byLabel = new Map<string, Map<string, Map<unknown, Workload[]>>>();
  for (const w of workloads(objects)) {
    const labels: unknown = w.template.labels;
    if (!isObject(labels)) continue;
    let keys = byLabel.get(nsOf(w.source));
    if (!keys) byLabel.set(nsOf(w.source), (keys = new Map()));
    for (const k in labels) {
      if (!Object.hasOwn(labels, k)) continue;
      let values = keys.get(k);
      if (!values) keys.set(k, (values = new Map()));
      const list = values.get(labels[k]);
      if (list) list.push(w);
      else values.set(labels[k], [w]);
    }
  }
  return (svc) => {
    const spec: Yaml = isObject(svc.object.spec) ? svc.object.spec : {};
    const pairs = isObject(spec.selector) ? Object.entries(spec.selector) : [];
    if (!pairs.length) return [];
    const [k0, v0] = pairs[0]!;
    return (byLabel.get(nsOf(svc))?.get(k0)?.get(v0) ?? []).filter((w) => selects(pairs, w.template.labels));
  };
}

/**
 * A judge of Services: why one is a model, vector or database endpoint (`image ollama/ollama:0.12.3`,
 * `port 5432`), or undefined.
 */
export function sensitiveServices(
  objects: readonly SourcedObject[],
): (svc: SourcedObject) => string | undefined {
  const podsOf = serviceWorkloads(objects);
  const memo = new Map<SourcedObject, string | undefined>();
  return (svc) => {
    if (!memo.has(svc)) memo.set(svc, judge(svc, podsOf(svc)));
    return memo.get(svc);
  };
}

function judge(svc: SourcedObject, pods: Workload[]): string | undefined {
  const spec: Yaml = isObject(svc.object.spec) ? svc.object.spec : {};
  for (const w of pods) {
    const image = (w.template.spec.containers ?? [])
      .map((c) => c?.image)
      .find((i) => typeof i === 'string' && SENSITIVE_IMAGE.test(i.split(/[:@]/)[0] ?? ''));
    if (image) return `image ${image}`;
  }
  for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
    for (const n of [p?.port, p?.targetPort])
      if (typeof n === 'number' && SENSITIVE_PORTS.has(n)) return `port ${n} (${SENSITIVE_PORTS.get(n)})`;
  }
  return undefined;
}

/** True when the labels hold every selector pair (a loop: it runs for each Service and pod template of a namespace). */
function selects(pairs: [string, unknown][], labels: Record<string, string>): boolean {
  for (const [k, v] of pairs) if (labels[k] !== v) return false;
  return true;
}
