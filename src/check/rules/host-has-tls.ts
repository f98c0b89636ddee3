import { hostRoutes, isRedirect } from '../../semantics/exposure.ts';
import { fail, pass } from '../result.ts';
import type { Rule, RuleResult, SourcedObject } from '../types.ts';

/** Every host served by an Ingress or IngressRoute is served over TLS. */
export const hostHasTls: Rule = {
  id: 'host-has-tls',
  title: 'Exposed hosts have TLS',
  severity: 'error',
  family: 'exposure',
  targets: ['Ingress', 'IngressRoute'],
  fix: 'Add the host to the Ingress `spec.tls`, or give the IngressRoute `tls: {}` (the default TLSStore certificate) and the `websecure` entry point.',
  docs:
    'An Ingress host needs an `spec.tls` entry whose `hosts` cover it (exactly or by a `*.` wildcard one level deep) or the ' +
    'annotation `traefik.ingress.kubernetes.io/router.tls: "true"`. An IngressRoute needs `spec.tls`, or to listen only on the ' +
    '`websecure` entry point, where Traefik terminates TLS itself. A route on the plain `web` entry point whose middlewares include ' +
    'a `redirectScheme` only redirects to HTTPS and passes.',
  check: (ctx) => {
    const out: RuleResult[] = [];
    const failed = new Set<SourcedObject>();
    const seen = new Set<SourcedObject>();
    for (const r of hostRoutes(ctx.index)) {
      seen.add(r.object);
      if (r.tls || isRedirect(r)) continue;
      failed.add(r.object);
      out.push(fail(r.object, `host ${r.host} is served without TLS`, r.jsonPath));
    }
    for (const o of seen) if (!failed.has(o)) out.push(pass(o));
    return out;
  },
};
