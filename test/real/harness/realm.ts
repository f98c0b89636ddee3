/*
 * The rendered realm put into the real Keycloak through its admin REST API.
 *
 * In the cluster the Job auth/keycloak-config runs keycloak-config-cli (adorsys, image 6.5.0-26.5.4), which is not
 * published to any registry this machine reaches. `applyRealm` is a STAND-IN for it that takes the same steps its
 * v6.5.0 source takes to create a realm that does not exist yet (src/main/java/de/adorsys/keycloak/config/service/
 * RealmImportService.java: createRealm, configureRealm):
 *   1. `$(env:NAME)` placeholders are replaced with the Job's env values; an unknown name is an error
 *      (application.properties: import.var-substitution.prefix `$(`, suffix `)`, undefined-is-error=true);
 *   2. the realm is created from the file minus the sub-resources (ignoredPropertiesForRealmImport), so Keycloak
 *      makes its own default client scopes as it does for any new realm;
 *   3. then, in configureRealm's order: client scopes (POST client-scopes), clients (POST clients, each as written
 *      minus authenticationFlowBindingOverrides and authorizationSettings), realm roles (POST roles), groups (POST
 *      groups, then their realmRoles as role mappings: GroupImportService.addRealmRoles).
 * Whatever else the file holds (roles, users, flows, identity providers, ...) is refused here, so a realm that grows
 * such a section fails this test until the stand-in learns it. Updates of an existing realm are not modelled.
 */
import type { KeycloakRun } from './keycloak.ts';

/** keycloak-config-cli's RealmImportService.ignoredPropertiesForRealmImport (v6.5.0). */
const SUB_RESOURCES = [
  'authenticatorConfig',
  'clients',
  'roles',
  'users',
  'groups',
  'defaultGroups',
  'identityProviders',
  'organizations',
  'browserFlow',
  'directGrantFlow',
  'clientAuthenticationFlow',
  'dockerAuthenticationFlow',
  'registrationFlow',
  'resetCredentialsFlow',
  'components',
  'authenticationFlows',
  'scopeMappings',
  'clientScopeMappings',
  'clientScopes',
  'requiredActions',
  'defaultDefaultClientScopes',
  'defaultOptionalClientScopes',
  'clientProfiles',
  'clientPolicies',
];
/** The sub-resources this stand-in creates; any other present in the file is an error. */
const MODELLED = ['clientScopes', 'clients', 'roles', 'groups'];

/** `$(env:NAME)` → env[NAME], as keycloak-config-cli's variable substitution does; unknown names throw. */
export function substitute(text: string, env: Record<string, string>): string {
  return text.replace(/\$\(env:([^)]+)\)/g, (_, name: string) => {
    const v = env[name];
    if (v === undefined) throw new Error(`realm file names $(env:${name}), which the Job does not set`);
    return v;
  });
}

/** An admin API session against Keycloak at `url` (the in-cluster address keycloak-config-cli uses too). */
export class KeycloakAdmin {
  private constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  /** Logs in as the bootstrap admin through the master realm's admin-cli client, as keycloak-config-cli does. */
  static async login(kc: Pick<KeycloakRun, 'url' | 'admin'>): Promise<KeycloakAdmin> {
    const res = await fetch(`${kc.url}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'admin-cli',
        username: kc.admin.username,
        password: kc.admin.password,
      }),
    });
    if (res.status !== 200) throw new Error(`admin login: ${res.status} ${await res.text()}`);
    return new KeycloakAdmin(kc.url, ((await res.json()) as { access_token: string }).access_token);
  }

  /** One admin API call under /admin/realms; throws with Keycloak's answer unless it is 2xx. */
  async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.url}/admin/realms${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} /admin/realms${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }
}

/** Creates the rendered realm `realmJson` (after substitution with `env`) the way keycloak-config-cli does. */
export async function applyRealm(
  admin: KeycloakAdmin,
  realmJson: string,
  env: Record<string, string>,
): Promise<Record<string, unknown>> {
  const realm = JSON.parse(substitute(realmJson, env)) as Record<string, unknown>;
  const unmodelled = SUB_RESOURCES.filter((k) => k in realm && !MODELLED.includes(k));
  if (unmodelled.length)
    throw new Error(`the keycloak-config-cli stand-in does not create ${unmodelled.join(', ')}`);
  const name = realm.realm as string;
  await admin.call(
    'POST',
    '',
    Object.fromEntries(Object.entries(realm).filter(([k]) => !SUB_RESOURCES.includes(k))),
  );
  for (const scope of (realm.clientScopes as object[] | undefined) ?? [])
    await admin.call('POST', `/${name}/client-scopes`, scope);
  for (const client of (realm.clients as Record<string, unknown>[] | undefined) ?? []) {
    const { authenticationFlowBindingOverrides: _a, authorizationSettings: _b, ...rest } = client;
    await admin.call('POST', `/${name}/clients`, rest);
  }
  const roles = (realm.roles as { realm?: object[]; client?: object } | undefined) ?? {};
  if (roles.client) throw new Error('the keycloak-config-cli stand-in does not create client roles');
  for (const role of roles.realm ?? []) await admin.call('POST', `/${name}/roles`, role);
  for (const group of (realm.groups as { name: string; realmRoles?: string[] }[] | undefined) ?? []) {
    const { realmRoles, ...rest } = group;
    await admin.call('POST', `/${name}/groups`, rest);
    if (!realmRoles?.length) continue;
    const found = (await admin.call(
      'GET',
      `/${name}/groups?search=${encodeURIComponent(group.name)}&exact=true`,
    )) as {
      id: string;
    }[];
    const reps = await Promise.all(
      realmRoles.map((r) => admin.call('GET', `/${name}/roles/${encodeURIComponent(r)}`)),
    );
    await admin.call('POST', `/${name}/groups/${found[0]!.id}/role-mappings/realm`, reps);
  }
  return realm;
}

/** A person the tests log in as. */
export interface TestUser {
  username: string;
  password: string;
  email: string;
  emailVerified: boolean;
  groups: string[];
}

/** Creates `user` in `realm` through the admin API (what an administrator does in Keycloak's console). */
export async function createUser(admin: KeycloakAdmin, realm: string, user: TestUser): Promise<void> {
  await admin.call('POST', `/${realm}/users`, {
    username: user.username,
    email: user.email,
    emailVerified: user.emailVerified,
    firstName: user.username,
    lastName: 'Test',
    enabled: true,
    groups: user.groups.map((g) => `/${g}`),
    credentials: [{ type: 'password', value: user.password, temporary: false }],
  });
}
