import { elsewhere, notFound } from '../../semantics/refs.ts';
import { fail, pass } from '../result.ts';
import { backendsOf, routeObjects } from '../../semantics/routes.ts';
import type { Rule, RuleResult } from '../types.ts';
import type { Yaml } from '../../semantics/pods.ts';
import { maybeFromChart } from '../charts.ts';

/** True when the Service has a port with this number or name (a numeric string counts as a number). */
function hasPort(service: Yaml, port: unknown): boolean {
  if (port === undefined) return true;
  const ports: Yaml[] = Array.isArray(service?.spec?.ports) ? service.spec.ports : [];
  const asNumber = typeof port === 'number' ? port : /^\d+$/.test(String(port)) ? Number(port) : undefined;
  return ports.some((p) => (asNumber !== undefined ? p?.port === asNumber : p?.name === port));
}

/** Ingress and IngressRoute backends name an existing Service and one of its ports. */
export const ingressBackendExists: Rule = {
  id: 'ingress-backend-exists',
  title: 'Ingress backends exist',
  severity: 'error',
  family: 'references',
  targets: ['Ingress', 'IngressRoute'],
  fix: 'Point the backend at an existing Service and one of its ports (number or name), in the right namespace.',
  docs:
    "Traefik answers 404 or 503 for a route whose Service or port does not exist. Ingress backends live in the Ingress's " +
    'namespace; IngressRoute services may name another namespace. TraefikService backends are not checked.',
  check: (ctx) => {
    const out: RuleResult[] = [];
    for (const o of routeObjects(ctx.index)) {
      let ok = true;
      for (const b of backendsOf(o)) {
        const svc = ctx.index.get('Service', b.namespace, b.name);
        if (!svc) {
          ok = false;
          const others = elsewhere(ctx.index, ['Service'], b.name, b.namespace);
          const what = `service "${b.name}"`;
          out.push(
            (others.length ? undefined : maybeFromChart(ctx.index, o, what, b.namespace, b.jsonPath)) ??
              fail(o, notFound('service', b.name, b.namespace, others), b.jsonPath),
          );
        } else if (!hasPort(svc.object, b.port)) {
          ok = false;
          const ports = ((svc.object.spec as Yaml)?.ports ?? []).map((p: Yaml) =>
            p?.name ? `${p.name}/${p.port}` : String(p?.port),
          );
          out.push(
            fail(
              o,
              `service "${b.name}" in namespace ${b.namespace || '(none)'} has no port ${String(b.port)} (ports: ${ports.join(', ') || 'none'})`,
              `${b.jsonPath}.port`,
            ),
          );
        }
      }
      if (ok) out.push(pass(o));
    }
    return out;
  },
};
