/*
 * A stand-in for Traefik, named so: it does for one request what the rendered IngressRoutes and the forward-auth
 * Middleware tell Traefik to do, as Traefik documents it, and nothing else. Real Traefik is not built here (its
 * build takes about 17 CPU-minutes; branch w/sso-real ran the same flows against Traefik v3.6.12 by hand).
 *   - Routes: the rule matchers render writes (Host, PathPrefix, HeaderRegexp, joined by &&); among the routes that
 *     match, the one with the longest rule wins (Traefik's default router priority is the rule's length).
 *   - forwardAuth: a GET to the middleware's address with the request's headers plus X-Forwarded-Method, -Proto,
 *     -Host, -Uri and -For; a 2XX answer lets the request through with the authResponseHeaders copied onto it,
 *     any other answer goes back to the client as it is.
 *   - A route to oauth2-proxy (its /oauth2/ paths) is proxied to the real oauth2-proxy with X-Forwarded-Host/-Proto.
 * The applications behind the routes are not run: the edge returns what the service would receive.
 */
import type { KubeObject } from '../../../src/k8s/object.ts';
import { type Exchange, exchange } from './http.ts';

interface Route {
  match: string;
  middlewares?: { name: string; namespace?: string }[];
  services: { name: string; namespace?: string; port: number }[];
}

/** A request as the browser or API client sends it to https://<host><path>. */
export interface EdgeRequest {
  host: string;
  path: string;
  headers: Record<string, string>;
}

/** The request reached a service (with these headers), or the edge answered the client itself. */
export type EdgeResult =
  { reached: string; headers: Record<string, string>; via: string } | { answered: Exchange; via: string };

/** Does one matcher expression hold for the request? Only the matchers render writes are known. */
function holds(matcher: string, req: EdgeRequest): boolean {
  const host = /^Host\(`([^`]+)`\)$/.exec(matcher);
  if (host) return req.host === host[1];
  const prefix = /^PathPrefix\(`([^`]+)`\)$/.exec(matcher);
  if (prefix) return req.path.startsWith(prefix[1]!);
  const header = /^HeaderRegexp\(`([^`]+)`, `([^`]+)`\)$/.exec(matcher);
  if (header) {
    const value = Object.entries(req.headers).find(
      ([k]) => k.toLowerCase() === header[1]!.toLowerCase(),
    )?.[1];
    return value !== undefined && new RegExp(header[2]!).test(value);
  }
  throw new Error(`the Traefik stand-in does not know the matcher ${matcher}`);
}

/** The route Traefik would pick for the request among the IngressRoutes' routes. */
export function pickRoute(routes: readonly Route[], req: EdgeRequest): Route | undefined {
  return routes
    .filter((r) => r.match.split(' && ').every((m) => holds(m.trim(), req)))
    .sort((a, b) => b.match.length - a.match.length)[0];
}

/** The edge of the rendered platform: IngressRoutes, the forward-auth Middleware, and oauth2-proxy's address. */
export class Edge {
  constructor(
    private readonly objects: readonly KubeObject[],
    private readonly oauth2ProxyUrl: string,
  ) {}

  private routes(): Route[] {
    return this.objects
      .filter((o) => o.kind === 'IngressRoute')
      .flatMap((o) => (o.spec as { routes: Route[] }).routes);
  }

  private middleware(name: string, namespace: string) {
    const m = this.objects.find(
      (o) => o.kind === 'Middleware' && o.metadata.name === name && o.metadata.namespace === namespace,
    );
    if (!m) throw new Error(`no Middleware ${namespace}/${name}`);
    return (m.spec as { forwardAuth?: { address: string; authResponseHeaders?: string[] } }).forwardAuth!;
  }

  /** Sends the request through the edge. */
  async send(req: EdgeRequest): Promise<EdgeResult> {
    const route = pickRoute(this.routes(), req);
    if (!route) throw new Error(`no route for ${req.host}${req.path}`);
    const service = route.services[0]!;
    const via = route.match;
    const forwarded = { 'X-Forwarded-Host': req.host, 'X-Forwarded-Proto': 'https' };
    if (service.name === 'oauth2-proxy')
      return {
        answered: await exchange(`${this.oauth2ProxyUrl}${req.path}`, {
          headers: { ...req.headers, ...forwarded },
        }),
        via,
      };
    let headers = { ...req.headers };
    for (const m of route.middlewares ?? []) {
      const fa = this.middleware(m.name, m.namespace ?? '');
      const address = new URL(fa.address);
      const auth = await exchange(`${this.oauth2ProxyUrl}${address.pathname}`, {
        headers: {
          ...headers,
          ...forwarded,
          'X-Forwarded-Method': 'GET',
          'X-Forwarded-Uri': req.path,
          'X-Forwarded-For': '192.0.2.10',
        },
      });
      if (auth.status < 200 || auth.status > 299) return { answered: auth, via };
      for (const name of fa.authResponseHeaders ?? []) {
        const v = auth.headers[name.toLowerCase()];
        if (v !== undefined) headers = { ...headers, [name]: Array.isArray(v) ? v.join(',') : v };
      }
    }
    return { reached: `${service.namespace}/${service.name}:${service.port}`, headers, via };
  }
}
