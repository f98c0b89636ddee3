import { isObject } from '../../semantics/pods.ts';
import { fail, nsOf, pass } from '../result.ts';
import { elsewhere, notFound } from '../../semantics/refs.ts';
import type { Rule, RuleResult, SourcedObject } from '../types.ts';
import type { Yaml } from '../../semantics/pods.ts';
import { maybeFromChart } from '../charts.ts';

/** Ingress annotation listing Traefik middlewares as `<ns>-<name>@kubernetescrd`. */
const ANNOTATION = 'traefik.ingress.kubernetes.io/router.middlewares';

interface MiddlewareRef {
  label: string;
  found: boolean;
  jsonPath: string;
  /** Namespace and name when known (IngressRoute references), for the Helm chart fallback. */
  at?: { ns: string; name: string; elsewhere: boolean };
}

/** IngressRoute and Ingress middleware references resolve to a Middleware object. */
export const middlewareRefExists: Rule = {
  id: 'middleware-ref-exists',
  title: 'Traefik middleware references resolve',
  severity: 'error',
  family: 'references',
  targets: ['IngressRoute', 'Ingress'],
  fix: 'Create the Middleware, or fix the reference: IngressRoute `{name, namespace}`, Ingress annotation `<namespace>-<name>@kubernetescrd`.',
  docs:
    'Traefik drops a router whose middleware does not exist (`middleware "x@kubernetescrd" does not exist`): the host ' +
    'answers 404, or worse, an auth middleware silently missing. Checks IngressRoute `routes[].middlewares` (namespace ' +
    "defaults to the route's) and the Ingress annotation `traefik.ingress.kubernetes.io/router.middlewares`; references " +
    'to other providers (`@file`, `@docker`) are not checked.',
  check: (ctx) => {
    const crdNames = new Set(
      ctx.index
        .byKind('Middleware')
        .map((m) => `${m.object.metadata.namespace ?? ''}-${m.object.metadata.name}`),
    );
    const out: RuleResult[] = [];
    const judge = (o: SourcedObject, refs: MiddlewareRef[]) => {
      const missing = refs.filter((r) => !r.found);
      if (refs.length && !missing.length) out.push(pass(o));
      for (const r of missing) {
        const chart =
          r.at && !r.at.elsewhere
            ? maybeFromChart(ctx.index, o, `middleware "${r.at.name}"`, r.at.ns, r.jsonPath)
            : undefined;
        out.push(chart ?? fail(o, r.label, r.jsonPath));
      }
    };
    for (const o of ctx.index.byKind('IngressRoute')) {
      const routes: Yaml[] = Array.isArray((o.object.spec as Yaml)?.routes)
        ? (o.object.spec as Yaml).routes
        : [];
      const refs: MiddlewareRef[] = [];
      routes.forEach((r, ri) =>
        (Array.isArray(r?.middlewares) ? r.middlewares : []).forEach((m: Yaml, mi: number) => {
          if (!isObject(m) || typeof m.name !== 'string' || m.name.includes('@')) return;
          const ns = m.namespace ?? nsOf(o);
          const others = elsewhere(ctx.index, ['Middleware'], m.name, ns);
          refs.push({
            label: notFound('middleware', m.name, ns, others),
            found: !!ctx.index.get('Middleware', ns, m.name),
            jsonPath: `.spec.routes[${ri}].middlewares[${mi}]`,
            at: { ns, name: m.name, elsewhere: others.length > 0 },
          });
        }),
      );
      judge(o, refs);
    }
    for (const o of ctx.index.byKind('Ingress')) {
      const raw = o.object.metadata.annotations?.[ANNOTATION];
      if (typeof raw !== 'string') continue;
      const refs = raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.endsWith('@kubernetescrd'))
        .map((s) => {
          const id = s.slice(0, -'@kubernetescrd'.length);
          return {
            label: `middleware ${s} not found (expected a Middleware whose "<namespace>-<name>" is ${id})`,
            found: crdNames.has(id),
            jsonPath: `.metadata.annotations["${ANNOTATION}"]`,
          };
        });
      judge(o, refs);
    }
    return out;
  },
};
