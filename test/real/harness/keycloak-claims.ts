/*
 * A STAND-IN for Keycloak's token mappers, for the tests that do not start Keycloak: the claims the rendered realm's
 * group-membership and realm-role mappers of one client would put in a user's ID token. It reads the mappers from
 * the rendered realm (so a mapper that render drops drops its claim here too) and models only these two:
 *   - oidc-group-membership-mapper: the user's group names (full.path "false");
 *   - oidc-usermodel-realm-role-mapper: the user's effective realm roles, i.e. the realm's default role
 *     `default-roles-<realm>` with its composites (offline_access, uma_authorization), plus each group's realmRoles.
 * test/real/sso-keycloak.test.ts checks the same claims on tokens the real Keycloak 26.7.2 issued for this realm.
 */
import { renderedConfigMap, renderedContainer } from './container.ts';
import type { RenderedPlatform } from './rendered.ts';

interface Mapper {
  protocolMapper: string;
  config: Record<string, string>;
}
interface RealmJson {
  realm: string;
  groups?: { name: string; realmRoles?: string[] }[];
  clients?: { clientId: string; protocolMappers?: Mapper[] }[];
}

/** Keycloak's default role of a new realm and the roles it is made of. */
const DEFAULT_COMPOSITES = ['offline_access', 'uma_authorization'];

/** The rendered realm file of Job auth/keycloak-config, parsed (placeholders left as they are). */
export function renderedRealm(r: RenderedPlatform): RealmJson {
  const job = renderedContainer(r, 'Job', 'auth', 'keycloak-config');
  const file = job.env.IMPORT_FILES_LOCATIONS!.split('/').pop()!;
  return JSON.parse(renderedConfigMap(r, 'auth', 'keycloak-config-realm')[file]!) as RealmJson;
}

/** The claims client `clientId`'s mappers give a user who is a member of `groups` (and holds the default role). */
export function mappedClaims(
  realm: RealmJson,
  clientId: string,
  groups: string[],
  opts: { defaultRole?: boolean } = {},
): Record<string, string[]> {
  const client = realm.clients?.find((c) => c.clientId === clientId);
  if (!client) throw new Error(`the rendered realm has no client ${clientId}`);
  const groupRoles = groups.flatMap((g) => realm.groups?.find((x) => x.name === g)?.realmRoles ?? []);
  const defaults =
    opts.defaultRole === false ? [] : [`default-roles-${realm.realm.toLowerCase()}`, ...DEFAULT_COMPOSITES];
  const claims: Record<string, string[]> = {};
  for (const m of client.protocolMappers ?? []) {
    if (m.config['id.token.claim'] !== 'true') continue;
    if (m.protocolMapper === 'oidc-group-membership-mapper') claims[m.config['claim.name']!] = groups;
    if (m.protocolMapper === 'oidc-usermodel-realm-role-mapper')
      claims[m.config['claim.name']!] = [...new Set([...defaults, ...groupRoles])];
  }
  return claims;
}
