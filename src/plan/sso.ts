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

/**
 * Fills the `planValues` keys of each native-OIDC service's own secret with `fixed` values: the realm's
 * issuer (Keycloak's public URL + `/realms/<realm>`) and the service's first redirect URI, so nobody types
 * what the plan already knows (GitLab reads both from its OmniAuth Secret, not from chart values).
 */
export function withOidcPlanValues(services: readonly PlannedService[], realm: string): PlannedService[] {
  const keycloak = services.find((s) => s.name === 'keycloak')?.hosts[0];
  return services.map((svc) => {
    const sso = svc.def.sso;
    if (sso?.kind !== 'oidc' || !sso.planValues) return svc;
    const pv = sso.planValues;
    const host = svc.hosts.find((h) => h.auth === 'oidc');
    const values: Record<string, string | undefined> = {
      ...(pv.issuer ? { [pv.issuer]: keycloak && `${keycloak.url}/realms/${realm}` } : {}),
      ...(pv.redirectUri ? { [pv.redirectUri]: host && `${host.url}${sso.redirectPaths[0] ?? ''}` } : {}),
    };
    const secrets = svc.secrets.map((s) => {
      if (s.name !== pv.secret) return s;
      const keys = { ...s.keys };
      // Without Keycloak or an OIDC host there is nothing to derive: the key stays as declared.
      for (const [key, value] of Object.entries(values)) if (value) keys[key] = { kind: 'fixed', value };
      return { ...s, keys };
    });
    return { ...svc, secrets };
  });
}
