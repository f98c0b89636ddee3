import { AUTH_ANNOTATION, PUBLIC_ANNOTATION } from '../../k8s/annotations.ts';
import {
  hasForwardAuth,
  hostRoutes,
  isAuthProxyRoute,
  isRedirect,
  serviceWorkloads,
} from '../../semantics/exposure.ts';
import { keyAuthenticated } from '../key-auth.ts';
import { fail, pass } from '../result.ts';
import type { Rule, RuleResult, SourcedObject } from '../types.ts';

/** Shortest reason accepted in `shai.dev/public`. */
const MIN_REASON = 10;

/** Every host served by an Ingress or IngressRoute is behind forward-auth or the backend's own OIDC login, or is declared public with a reason. */
export const hostAuthenticated: Rule = {
  id: 'host-authenticated',
  title: 'Exposed hosts are authenticated',
  severity: 'error',
  family: 'exposure',
  targets: ['Ingress', 'IngressRoute'],
  fix: 'Route the host through the forward-auth Middleware (oauth2-proxy), annotate `shai.dev/auth: oidc` when the service logs users in itself, or annotate `shai.dev/public: <reason>`.',
  docs:
    'A host counts as authenticated when its route passes through a Traefik `ForwardAuth` Middleware (directly or in a `chain`; ' +
    'IngressRoute `routes[].middlewares`, Ingress annotation `traefik.ingress.kubernetes.io/router.middlewares`), or when the ' +
    'Ingress/IngressRoute carries `shai.dev/auth: oidc` (the backend runs its own OIDC login, as Open WebUI, Grafana and Argo CD do). ' +
    "A route without forward-auth counts as authenticated when it serves only API clients holding the application's own key: its rule " +
    "requires a header (`HeaderRegexp`, no `||` or `!`) of exactly the form the image contract of every backend's pods says the application checks " +
    "(LiteLLM: `Authorization` matching `^Bearer sk-`; src/images/), so browsers without that header still meet forward-auth on the host's other route. " +
    'Routes whose only backend is oauth2-proxy (its `/oauth2/` callback paths) are part of forward-auth, and routes that only redirect to HTTPS (a `redirectScheme` middleware) serve nothing. A host meant for everyone ' +
    `carries \`shai.dev/public: <reason>\` with a reason of at least ${MIN_REASON} characters (e.g. the identity provider itself).`,
  check: (ctx) => {
    const out: RuleResult[] = [];
    const failed = new Set<SourcedObject>();
    const seen = new Set<SourcedObject>();
    const podsOf = serviceWorkloads(ctx.objects);
    for (const r of hostRoutes(ctx.index)) {
      seen.add(r.object);
      const ann = r.object.object.metadata?.annotations ?? {};
      if (
        hasForwardAuth(r, ctx.index) ||
        isAuthProxyRoute(r) ||
        isRedirect(r) ||
        ann[AUTH_ANNOTATION] === 'oidc' ||
        keyAuthenticated(r, ctx.index, podsOf)
      )
        continue;
      const reason = ann[PUBLIC_ANNOTATION]?.trim();
      if (reason && reason.length >= MIN_REASON) continue;
      failed.add(r.object);
      const why = reason
        ? `${PUBLIC_ANNOTATION} gives no real reason ("${reason}", at least ${MIN_REASON} characters)`
        : `no forward-auth middleware${r.missing.length ? ` (middleware ${r.missing.join(', ')} not found)` : ''}, no ${AUTH_ANNOTATION}: oidc and no ${PUBLIC_ANNOTATION} reason`;
      out.push(
        fail(
          r.object,
          `host ${r.host}${r.path === '/' ? '' : r.path} is served without authentication: ${why}`,
          r.jsonPath,
        ),
      );
    }
    for (const o of seen) if (!failed.has(o)) out.push(pass(o));
    return out;
  },
};
