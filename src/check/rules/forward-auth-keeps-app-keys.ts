import { hostRoutes, sensitiveServices, serviceWorkloads } from '../../semantics/exposure.ts';
import { isObject, type Yaml } from '../../semantics/pods.ts';
import { contractOf } from '../../images/index.ts';
import { fail, pass } from '../result.ts';
import type { ObjectIndex, Rule, RuleResult, SourcedObject } from '../types.ts';

/** The ForwardAuth middlewares a route's middleware is or chains to, each with its spec. */
function forwardAuths(
  mw: SourcedObject,
  index: ObjectIndex,
  seen = new Set<SourcedObject>(),
): SourcedObject[] {
  if (seen.has(mw)) return [];
  seen.add(mw);
  const spec: Yaml = mw.object.spec ?? {};
  if (isObject(spec.forwardAuth)) return [mw];
  const chain: Yaml[] = Array.isArray(spec.chain?.middlewares) ? spec.chain.middlewares : [];
  return chain.flatMap((m) => {
    const next =
      isObject(m) && typeof m.name === 'string'
        ? index.get('Middleware', m.namespace ?? mw.object.metadata?.namespace ?? 'default', m.name)
        : undefined;
    return next ? forwardAuths(next, index, seen) : [];
  });
}

/** What a backend's application checks in the Authorization header itself (from its image contract), if anything. */
function ownKey(svc: SourcedObject, podsOf: ReturnType<typeof serviceWorkloads>): string | undefined {
  for (const w of podsOf(svc))
    for (const c of w.template.spec.containers ?? []) {
      const found = typeof c?.image === 'string' ? contractOf(c.image) : undefined;
      if (found?.status !== 'found') continue;
      const key = found.contract.apiKey;
      if (key && key.header.toLowerCase() === 'authorization') return key.what;
    }
  return undefined;
}

/** A forward-auth in front of an application that checks its own key never replaces the Authorization header. */
export const forwardAuthKeepsAppKeys: Rule = {
  id: 'forward-auth-keeps-app-keys',
  title: "Forward-auth keeps the applications' own keys",
  severity: 'error',
  family: 'exposure',
  targets: ['Ingress', 'IngressRoute'],
  fix: "Drop Authorization from the ForwardAuth middleware's authResponseHeaders (and oauth2-proxy's --set-authorization-header): identity reaches the apps as X-Auth-Request-*.",
  docs:
    "A Traefik ForwardAuth middleware copies each header in `authResponseHeaders` from the auth server's answer onto the request. " +
    "With `Authorization` there (and oauth2-proxy's `--set-authorization-header`), every request reaches the application with the " +
    "user's ID token in place of the header it sent, so an application that checks its own key in that header (its image contract: " +
    "`apiKey`: LiteLLM's `sk-` keys, the SearXNG MCP server's bearer token) refuses every API client. The rule fails for a route that passes through such " +
    'a middleware (directly or in a chain) to a Service whose pods run such an image at its recorded tag, or to a model, vector or ' +
    'database endpoint (as llm-endpoint-not-public judges them: Ollama, LiteLLM, Qdrant... by image or port), whose clients send keys too.',
  check: (ctx) => {
    const out: RuleResult[] = [];
    const podsOf = serviceWorkloads(ctx.objects);
    const endpoint = sensitiveServices(ctx.objects);
    const failed = new Set<SourcedObject>();
    const seen = new Set<SourcedObject>();
    for (const r of hostRoutes(ctx.index)) {
      seen.add(r.object);
      const copying = r.middlewares
        .flatMap((m) => forwardAuths(m, ctx.index))
        .filter((m) =>
          ((m.object.spec as Yaml).forwardAuth.authResponseHeaders ?? []).some(
            (h: unknown) => typeof h === 'string' && h.toLowerCase() === 'authorization',
          ),
        );
      if (!copying.length) continue;
      for (const b of r.backends) {
        const svc = ctx.index.get('Service', b.namespace, b.name);
        // Model, vector and database endpoints are APIs too: their clients send keys of their own.
        const api = svc && endpoint(svc);
        const what =
          svc && (ownKey(svc, podsOf) ?? (api && `the keys of its API clients (an API endpoint: ${api})`));
        if (!what) continue;
        failed.add(r.object);
        const mw = copying[0]!.object.metadata!;
        out.push(
          fail(
            r.object,
            `host ${r.host} goes through forward-auth middleware ${mw.namespace}/${mw.name}, which copies the auth server's Authorization header onto requests to ${b.namespace}/${b.name}: its application checks ${what} in that header, so API clients are refused`,
            r.jsonPath,
          ),
        );
      }
    }
    for (const o of seen) if (!failed.has(o)) out.push(pass(o));
    return out;
  },
};
