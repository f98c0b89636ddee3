import type { PlannedSecret, PlannedService, SsoClient } from './types.ts';

const CLIENT_SECRET_KEY = 'client-secret';

/** The Secret holding a client's secret, in the namespace of the service that logs in with it. */
function clientSecret(svc: PlannedService, clientId: string): PlannedSecret {
  return {
    service: svc.name,
    namespace: svc.namespace,
    name: `${svc.name}-oidc`,
    keys: {
      'client-id': { kind: 'fixed', value: clientId },
      [CLIENT_SECRET_KEY]: { kind: 'password', length: 32 },
    },
    admin: false,
    ...(svc.def.sso?.kind === 'oidc' && svc.def.sso.secretLabels ? { labels: svc.def.sso.secretLabels } : {}),
    configPath: `services.${svc.name}`,
  };
}

/**
 * Keycloak clients: one per native-OIDC service (redirect URIs on its oidc hosts) and one `oauth2-proxy`
 * client whose redirect URIs are the `/oauth2/callback` of every forward-auth host. keycloak-config gets
 * copies of the client secrets in its own namespace, composed from the originals.
 */
export function planSso(services: readonly PlannedService[]): {
  clients: SsoClient[];
  secrets: PlannedSecret[];
} {
  const clients: SsoClient[] = [];
  const secrets: PlannedSecret[] = [];
  const add = (svc: PlannedService, clientId: string, kind: SsoClient['kind'], redirectUris: string[]) => {
    const secret = clientSecret(svc, clientId);
    secrets.push(secret);
    clients.push({
      service: svc.name,
      clientId,
      kind,
      redirectUris: [...new Set(redirectUris)].sort(),
      secret: { namespace: secret.namespace, name: secret.name, key: CLIENT_SECRET_KEY },
    });
  };
  for (const svc of services) {
    const sso = svc.def.sso;
    if (sso?.kind === 'oidc') {
      const hosts = svc.hosts.filter((h) => h.auth === 'oidc');
      add(
        svc,
        sso.clientId ?? svc.name,
        'oidc',
        hosts.flatMap((h) => sso.redirectPaths.map((p) => `${h.url}${p}`)),
      );
    }
    if (sso?.kind === 'oauth2-proxy') {
      const forward = services.flatMap((s) => s.hosts).filter((h) => h.auth === 'forward-auth');
      add(
        svc,
        svc.name,
        'oauth2-proxy',
        forward.map((h) => `${h.url}/oauth2/callback`),
      );
    }
  }
  const config = services.find((s) => s.name === 'keycloak-config');
  if (config && clients.length) {
    const keys: PlannedSecret['keys'] = {};
    for (const c of clients)
      keys[c.clientId] = {
        kind: 'composed',
        template: `\${${c.secret.namespace}/${c.secret.name}/${c.secret.key}}`,
      };
    secrets.push({
      service: config.name,
      namespace: config.namespace,
      name: 'sso-clients',
      keys,
      admin: false,
      configPath: `services.${config.name}`,
    });
  }
  clients.sort((a, b) => a.clientId.localeCompare(b.clientId));
  return { clients, secrets };
}
