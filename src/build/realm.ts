import type { Plan, SsoClient } from '../plan/types.ts';

/** Claim (and client scope) carrying a user's group names; the admin group is matched against it. */
export const GROUPS_CLAIM = 'groups';

/**
 * Claim carrying a user's realm roles (with the roles of their groups and the realm's default role): applications
 * that must tell "any user of the realm" from "an admin" read it, as the groups claim names only real groups.
 */
export const ROLES_CLAIM = 'realm_roles';

/**
 * The role Keycloak gives every user of realm `realm` (created with the realm; its name is Keycloak's
 * `default-roles-` + the realm name in lower case).
 */
export function defaultRole(realm: string): string {
  return `default-roles-${realm.toLowerCase()}`;
}

/** The realm role of the admin group: its members get it through the group, so it follows group membership. */
export function adminRole(adminGroup: string): string {
  return adminGroup;
}

/** Environment variable that carries a client's secret into the keycloak-config-cli Job. */
export function clientSecretEnv(clientId: string): string {
  return `SSO_CLIENT_SECRET_${clientId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

// Group names without the leading slash, as Argo CD and Grafana compare them.
const groupsMapper = {
  name: GROUPS_CLAIM,
  protocol: 'openid-connect',
  protocolMapper: 'oidc-group-membership-mapper',
  config: {
    'claim.name': GROUPS_CLAIM,
    'full.path': 'false',
    'id.token.claim': 'true',
    'access.token.claim': 'true',
    'userinfo.token.claim': 'true',
  },
};

// Effective realm roles (the default role and group roles included), in the ID token and userinfo, which is where
// Open WebUI reads its role claim (utils/oauth.py:1398-1416 at v0.8.11).
const rolesMapper = {
  name: ROLES_CLAIM,
  protocol: 'openid-connect',
  protocolMapper: 'oidc-usermodel-realm-role-mapper',
  config: {
    'claim.name': ROLES_CLAIM,
    multivalued: 'true',
    'jsonType.label': 'String',
    'id.token.claim': 'true',
    'access.token.claim': 'true',
    'userinfo.token.claim': 'true',
  },
};

/**
 * The OpenID scopes Keycloak 26 gives a new realm as default scopes (`basic` holds the `sub` claim, `profile` and
 * `email` the user's name and address). A client created with its own scope lists gets only those (seen on the
 * real Keycloak 26.7.2, and keycloak-config-cli creates clients as written), so they are named: without them every
 * login asking for `openid email profile` ends in `invalid_scope`.
 */
const DEFAULT_SCOPES = ['acr', 'basic', 'email', 'profile', 'roles', 'web-origins'];

function client(c: SsoClient): Record<string, unknown> {
  const mappers: Record<string, unknown>[] = [groupsMapper, rolesMapper];
  // oauth2-proxy rejects tokens whose `aud` lacks its client id; Keycloak's default audience is `account`.
  if (c.kind === 'oauth2-proxy') {
    mappers.push({
      name: 'audience',
      protocol: 'openid-connect',
      protocolMapper: 'oidc-audience-mapper',
      config: {
        'included.client.audience': c.clientId,
        'id.token.claim': 'true',
        'access.token.claim': 'true',
      },
    });
  }
  return {
    clientId: c.clientId,
    name: c.service,
    enabled: true,
    protocol: 'openid-connect',
    publicClient: false,
    clientAuthenticatorType: 'client-secret',
    // keycloak-config-cli substitutes this from the Job's environment (IMPORT_VARSUBSTITUTION_ENABLED).
    secret: `$(env:${clientSecretEnv(c.clientId)})`,
    standardFlowEnabled: true,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: false,
    redirectUris: c.redirectUris,
    // `+`: the origins of the redirect URIs.
    webOrigins: ['+'],
    attributes: { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': '+' },
    protocolMappers: mappers,
    defaultClientScopes: DEFAULT_SCOPES,
    optionalClientScopes: [GROUPS_CLAIM, 'offline_access'],
  };
}

/**
 * The realm of the plan as keycloak-config-cli's import JSON: settings, the admin group and its realm role, a `groups`
 * scope (Argo CD and oauth2-proxy request it by name) and one confidential client per planned SSO client.
 * Pure: client secrets stay `$(env:...)` placeholders.
 */
export function realm(plan: Plan): Record<string, unknown> {
  const { realm: name, adminGroup } = plan.config.sso;
  return {
    realm: name,
    enabled: true,
    displayName: `${plan.config.cluster.name} platform`,
    sslRequired: 'external',
    registrationAllowed: false,
    resetPasswordAllowed: true,
    loginWithEmailAllowed: true,
    duplicateEmailsAllowed: false,
    // Lock an account for a growing time after 5 failures, never permanently (no admin needed to unlock).
    bruteForceProtected: true,
    permanentLockout: false,
    failureFactor: 5,
    waitIncrementSeconds: 60,
    maxFailureWaitSeconds: 900,
    maxDeltaTimeSeconds: 43200,
    // Short access tokens, a working day of session.
    accessTokenLifespan: 300,
    ssoSessionIdleTimeout: 1800,
    ssoSessionMaxLifespan: 36000,
    offlineSessionIdleTimeout: 2592000,
    roles: {
      realm: [
        {
          name: adminRole(adminGroup),
          description: `Members of the group ${adminGroup}: platform administrators`,
        },
      ],
    },
    groups: [{ name: adminGroup, realmRoles: [adminRole(adminGroup)] }],
    clientScopes: [
      {
        name: GROUPS_CLAIM,
        description: 'Group membership of the user',
        protocol: 'openid-connect',
        attributes: { 'include.in.token.scope': 'true', 'display.on.consent.screen': 'false' },
        protocolMappers: [groupsMapper],
      },
    ],
    clients: plan.ssoClients.map(client),
  };
}
