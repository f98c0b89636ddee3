import { InternalError } from '../errors.ts';
import type { Plan, PlannedService } from '../plan/types.ts';

/** The planned service of that name; building against a service that is not planned is a bug. */
export function planned(plan: Plan, name: string): PlannedService {
  const s = plan.services.find((x) => x.name === name);
  if (!s) throw new InternalError(`service ${name} is not in the plan`);
  return s;
}

/** Is that service part of this platform? For optional wiring. */
export function isPlanned(plan: Plan, name: string): boolean {
  return plan.services.some((x) => x.name === name);
}

/** In-cluster DNS name of a service: `<name>.<namespace>.svc.cluster.local`. */
export function serviceHost(plan: Plan, name: string): string {
  const s = planned(plan, name);
  return `${s.name}.${s.namespace}.svc.cluster.local`;
}

/** Port number of a named port of a planned service. */
export function servicePort(plan: Plan, name: string, port: string): number {
  const s = planned(plan, name);
  const p = s.def.ports.find((x) => x.name === port);
  if (!p) throw new InternalError(`service ${name} has no port named ${port}`);
  return p.port;
}

/** In-cluster base URL of a named port, e.g. `http://litellm.ai.svc.cluster.local:4000`. */
export function serviceUrl(plan: Plan, name: string, port: string, scheme = 'http'): string {
  return `${scheme}://${serviceHost(plan, name)}:${servicePort(plan, name, port)}`;
}

/** Public https URL of a service's first host (or the one on that subdomain). */
export function publicUrl(plan: Plan, name: string, subdomain?: string): string {
  const s = planned(plan, name);
  const h = subdomain ? s.hosts.find((x) => x.host.startsWith(`${subdomain}.`)) : s.hosts[0];
  if (!h) throw new InternalError(`service ${name} exposes no host${subdomain ? ` on ${subdomain}` : ''}`);
  return h.url;
}

/** An env var read from one of the service's own planned secrets; the key must be declared. */
export function secretEnv(self: PlannedService, env: string, secret: string, key: string) {
  const s = self.secrets.find((x) => x.name === secret);
  if (!s || !(key in s.keys))
    throw new InternalError(`${self.name}: secret ${secret} key ${key} is not declared`);
  return { name: env, valueFrom: { secretKeyRef: { name: s.name, key } } };
}

/** A plain env var. */
export function env(name: string, value: string | number | boolean) {
  return { name, value: String(value) };
}
