import type { Flow, PlannedService } from './types.ts';

const INGRESS = { service: 'traefik', namespace: 'kube-system' };

/** Port number of a named port of a planned service. */
function portOf(svc: PlannedService, name: string): number | undefined {
  return svc.def.ports.find((p) => p.name === name)?.port;
}

/**
 * Allowed network flows: one per `needs` edge with a port between running services, one per port a
 * service's Jobs call on the service itself, one per declared caller that syncs before it, Traefik to each exposed port, and Traefik to oauth2-proxy
 * for the forward-auth checks.
 */
export function planFlows(services: readonly PlannedService[]): Flow[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const ingress = byName.get(INGRESS.service);
  const from = ingress ? { service: ingress.name, namespace: ingress.namespace } : INGRESS;
  const flows: Flow[] = [];
  const to = (svc: PlannedService, portName: string) => {
    const port = portOf(svc, portName);
    return port === undefined ? undefined : { service: svc.name, namespace: svc.namespace, port, portName };
  };
  for (const svc of services) {
    for (const need of svc.def.needs) {
      const callee = byName.get(need.service);
      const target = callee && need.port ? to(callee, need.port) : undefined;
      if (target)
        flows.push({ from: { service: svc.name, namespace: svc.namespace }, to: target, why: need.why });
    }
    for (const call of svc.def.network?.selfCalls ?? []) {
      const target = to(svc, call.port);
      if (target)
        flows.push({ from: { service: svc.name, namespace: svc.namespace }, to: target, why: call.why });
    }
    for (const call of svc.def.network?.calledBy ?? []) {
      const caller = byName.get(call.service);
      const target = to(svc, call.port);
      if (caller && target)
        flows.push({
          from: { service: caller.name, namespace: caller.namespace },
          to: target,
          why: call.why,
        });
    }
    for (const h of svc.hosts) {
      const target = to(svc, h.port);
      if (target) flows.push({ from, to: target, why: `serves https://${h.host}` });
    }
  }
  const proxy = byName.get('oauth2-proxy');
  const proxyPort = proxy && to(proxy, 'http');
  if (proxyPort && services.some((s) => s.hosts.some((h) => h.auth === 'forward-auth')))
    flows.push({ from, to: proxyPort, why: 'forward-auth checks and the /oauth2/ login routes' });
  const key = (f: Flow) =>
    `${f.from.namespace}/${f.from.service}>${f.to.namespace}/${f.to.service}:${f.to.port} ${f.why}`;
  return flows.sort((a, b) => key(a).localeCompare(key(b)));
}
