import { InternalError } from '../errors.ts';
import { contractOf } from '../images/index.ts';
import type { KubeObject } from '../k8s/object.ts';
import type { Plan, PlannedHost, PlannedService } from '../plan/types.ts';
import type { BuildContext } from '../services/types.ts';
import { objectMeta } from '../k8s/meta.ts';
import { API_KEY_ANNOTATION, AUTH_ANNOTATION, PUBLIC_ANNOTATION } from '../k8s/annotations.ts';

/** The ForwardAuth Middleware oauth2-proxy's service builds in its own namespace. */
export const FORWARD_AUTH_MIDDLEWARE = 'forward-auth';
/** The service every forward-auth host sends its `/oauth2/` paths to. */
export const AUTH_PROXY_SERVICE = 'oauth2-proxy';

/** The planned oauth2-proxy, which every forward-auth host needs. */
export function authProxy(plan: Plan): PlannedService {
  const proxy = plan.services.find((s) => s.name === AUTH_PROXY_SERVICE);
  if (!proxy) throw new InternalError('a forward-auth host is planned but oauth2-proxy is not enabled');
  return proxy;
}

function portNumber(svc: PlannedService, portName: string): number {
  const port = svc.def.ports.find((p) => p.name === portName);
  if (!port) throw new InternalError(`${svc.name}: exposed port "${portName}" is not declared`);
  return port.port;
}

/** The Traefik IngressRoute serving one host; forward-auth hosts get the `/oauth2/` route first. */
export function ingressRoute(
  plan: Plan,
  self: PlannedService,
  host: PlannedHost,
  backend = self,
): KubeObject {
  const match = `Host(\`${host.host}\`)`;
  const main = {
    kind: 'Rule',
    match,
    ...(host.auth === 'forward-auth'
      ? { middlewares: [{ name: FORWARD_AUTH_MIDDLEWARE, namespace: authProxy(plan).namespace }] }
      : {}),
    services: [
      {
        // Chart-backed services name their own Service (PortDef.serviceName).
        name: backend.def.ports.find((p) => p.name === host.port)?.serviceName ?? backend.name,
        namespace: backend.namespace,
        port: portNumber(backend, host.port),
      },
    ],
  };
  const routes: Record<string, unknown>[] = [];
  const key = host.apiKeys ? contractOf(backend.image)?.contract.apiKey : undefined;
  if (host.apiKeys && !key)
    throw new InternalError(`${backend.name}: apiKeys on ${host.host} but its image has no apiKey contract`);
  if (key)
    // No forward-auth: the request reaches the application as sent and the application checks the key.
    // Traefik ranks routes by rule length, so this one (the host rule plus a header) wins over the others.
    routes.push({
      kind: 'Rule',
      match: `${match} && HeaderRegexp(\`${key.header}\`, \`${key.pattern}\`)`,
      services: main.services,
    });
  if (host.auth === 'forward-auth') {
    const proxy = authProxy(plan);
    routes.push({
      kind: 'Rule',
      match: `${match} && PathPrefix(\`/oauth2/\`)`,
      services: [{ name: proxy.name, namespace: proxy.namespace, port: portNumber(proxy, 'http') }],
    });
  }
  routes.push(main);
  const annotations: Record<string, string> = { [AUTH_ANNOTATION]: host.auth };
  if (key) annotations[API_KEY_ANNOTATION] = `${key.header}: ${key.pattern} (${key.what})`;
  if (host.auth === 'public' && host.publicReason) annotations[PUBLIC_ANNOTATION] = host.publicReason;
  const name = host.host.split('.')[0] === self.name ? self.name : `${self.name}-${host.host.split('.')[0]}`;
  return {
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'IngressRoute',
    metadata: objectMeta(self, name, { annotations }),
    spec: { entryPoints: ['websecure'], routes, tls: {} },
  };
}

/** One IngressRoute per host the service exposes. */
export function exposureRoutes(ctx: BuildContext): KubeObject[] {
  return ctx.self.hosts.map((h) => ingressRoute(ctx.plan, ctx.self, h));
}
