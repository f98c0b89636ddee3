/*
 * Single sign-on against the real Keycloak: Keycloak 26.7.2 (the image's pin, Maven Central's distribution) started
 * with the rendered env on a real PostgreSQL (harness/keycloak.ts), the rendered realm put into it through its admin
 * API by a keycloak-config-cli stand-in (harness/realm.ts), and the real oauth2-proxy (v7.15.6, the image's pin)
 * started on the rendered flags against it. Logins go through Keycloak's own login form.
 * Stand-ins, named so: Traefik (harness/edge.ts applies the rendered IngressRoutes and forward-auth Middleware),
 * keycloak-config-cli (harness/realm.ts), and Keycloak's public https://auth.<domain> (Keycloak is reached directly on
 * its loopback http address, which is also its issuer here). Open WebUI's roles are decided by its own 0.8.11 code
 * (harness/open-webui-code.ts) on the ID tokens this Keycloak issued to Open WebUI's client.
 * Run alone: `flock /work/heavy.lock npx vitest run test/real/sso-keycloak.test.ts` (Keycloak's first start builds).
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTools, IN_CI } from '../helpers/tools.ts';
import { renderedContainer } from './harness/container.ts';
import { Edge, type EdgeResult } from './harness/edge.ts';
import { cookiesOf, type Exchange, exchange } from './harness/http.ts';
import { type KeycloakRun, startKeycloak } from './harness/keycloak.ts';
import { mappedClaims, renderedRealm } from './harness/keycloak-claims.ts';
import { haveOpenWebuiSource, openWebuiCode } from './harness/open-webui-code.ts';
import { type Oauth2ProxyRun, startOauth2Proxy } from './harness/oauth2-proxy.ts';
import { applyRealm, createUser, KeycloakAdmin, type TestUser } from './harness/realm.ts';
import { tail } from './harness/process.ts';
import { type RenderedPlatform, renderedPlatform, secretValue } from './harness/rendered.ts';

const user = (username: string, groups: string[], emailVerified = true): TestUser => ({
  username,
  password: `${username}-test-password-1`,
  email: `${username}@home.arpa`,
  emailVerified,
  groups,
});

const BROWSER = { Accept: 'text/html,application/xhtml+xml' };
const API = { Accept: 'application/json' };

const answered = (r: EdgeResult): Exchange => {
  if (!('answered' in r)) throw new Error(`reached ${r.reached} via ${r.via}, expected an answer`);
  return r.answered;
};
const reached = (r: EdgeResult) => {
  if (!('reached' in r))
    throw new Error(`answered ${r.answered.status} via ${r.via}: ${r.answered.body.slice(0, 200)}`);
  return r;
};

/** A throwaway certificate for oauth2-proxy's --provider-ca-file (Keycloak is reached over http: it is not used). */
function unusedCa(): string {
  return execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      '/dev/null',
      '-subj',
      '/CN=unused',
      '-days',
      '1',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
}

describeWithTools(
  'SSO against the real Keycloak 26.7.2 with the rendered realm, and the real oauth2-proxy on the rendered flags',
  ['kc.sh', 'initdb', 'postgres', 'psql', 'oauth2-proxy', 'openssl'],
  'bash .ci/tools.sh',
  () => {
    let r: RenderedPlatform;
    let kc: KeycloakRun;
    let proxy: Oauth2ProxyRun;
    let edge: Edge;
    let realmName: string;
    let issuer: string;
    let adminGroup: string;
    const started: Record<string, number> = {};
    const users: Record<string, TestUser> = {};

    beforeAll(async () => {
      r = await renderedPlatform();
      realmName = r.plan.config.sso.realm;
      adminGroup = r.plan.config.sso.adminGroup;
      Object.assign(users, {
        ada: user('ada', [adminGroup]),
        bob: user('bob', []),
        eve: user('eve', ['staff']),
        // In the admin group, so only the unverified address can refuse her.
        cyd: user('cyd', [adminGroup], false),
      });
      let t0 = Date.now();
      kc = await startKeycloak(r);
      started.keycloak = (Date.now() - t0) / 1000;
      issuer = `${kc.url}/realms/${realmName}`;
      t0 = Date.now();
      const admin = await KeycloakAdmin.login(kc);
      const job = renderedContainer(r, 'Job', 'auth', 'keycloak-config');
      await applyRealm(admin, JSON.stringify(renderedRealm(r)), job.env);
      // A group an administrator made in Keycloak's console, outside the rendered realm.
      await admin.call('POST', `/${realmName}/groups`, { name: 'staff' });
      for (const u of Object.values(users)) await createUser(admin, realmName, u);
      started.realm = (Date.now() - t0) / 1000;
      t0 = Date.now();
      proxy = await startOauth2Proxy(r, issuer, unusedCa());
      started.oauth2Proxy = (Date.now() - t0) / 1000;
      edge = new Edge(r.objects, proxy.url);
      console.log(`sso-keycloak start-up (s): ${JSON.stringify(started)}`);
    }, 900_000);

    afterAll(async () => {
      await proxy?.stop();
      await kc?.stop();
    }, 120_000);

    /** Keycloak's login form on `page`: posts `who`'s credentials with Keycloak's cookies; returns Keycloak's answer. */
    async function submitLogin(page: Exchange, who: TestUser): Promise<Exchange> {
      expect(page.status, page.body.slice(0, 300)).toBe(200);
      const form = /<form\b[^>]*\bid="kc-form-login"[^>]*>/.exec(page.body)?.[0];
      const action = form && /\baction="([^"]+)"/.exec(form)?.[1]?.replace(/&amp;/g, '&');
      if (!action) throw new Error(`no Keycloak login form: ${page.body.slice(0, 400)}`);
      return exchange(action, {
        method: 'POST',
        headers: {
          ...BROWSER,
          'Content-Type': 'application/x-www-form-urlencoded',
          Cookie: cookiesOf(page).join('; '),
        },
        body: new URLSearchParams({
          username: who.username,
          password: who.password,
          credentialId: '',
        }).toString(),
      });
    }

    /** A browser's login on `host` through oauth2-proxy and Keycloak's form; returns oauth2-proxy's callback answer. */
    async function login(who: TestUser, host: string): Promise<Exchange> {
      const start = answered(await edge.send({ host, path: '/', headers: BROWSER }));
      expect(start.status, start.body).toBe(302);
      const page = await exchange(String(start.headers.location), { headers: BROWSER });
      const posted = await submitLogin(page, who);
      expect(posted.status, posted.body.slice(0, 300)).toBe(302);
      const callback = new URL(String(posted.headers.location));
      expect(`${callback.protocol}//${callback.host}${callback.pathname}`).toBe(
        `https://${host}/oauth2/callback`,
      );
      return answered(
        await edge.send({
          host,
          path: `${callback.pathname}${callback.search}`,
          headers: { ...BROWSER, Cookie: cookiesOf(start).join('; ') },
        }),
      );
    }

    /** Open WebUI's authorization code flow (PKCE S256, its rendered client) as `who`: the ID token's claims. */
    async function openWebuiIdToken(who: TestUser): Promise<Record<string, unknown>> {
      const env = renderedContainer(r, 'Deployment', 'ai', 'open-webui').env;
      const verifier = randomBytes(32).toString('base64url');
      const auth = new URL(`${issuer}/protocol/openid-connect/auth`);
      auth.search = new URLSearchParams({
        client_id: env.OAUTH_CLIENT_ID!,
        redirect_uri: env.OPENID_REDIRECT_URI!,
        response_type: 'code',
        scope: env.OAUTH_SCOPES!,
        state: randomBytes(8).toString('hex'),
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: env.OAUTH_CODE_CHALLENGE_METHOD!,
      }).toString();
      const posted = await submitLogin(await exchange(auth.toString(), { headers: BROWSER }), who);
      expect(posted.status, posted.body.slice(0, 300)).toBe(302);
      const back = new URL(String(posted.headers.location));
      expect(`${back.origin}${back.pathname}`).toBe(env.OPENID_REDIRECT_URI);
      const token = await exchange(`${issuer}/protocol/openid-connect/token`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: `Basic ${Buffer.from(`${env.OAUTH_CLIENT_ID}:${env.OAUTH_CLIENT_SECRET}`).toString('base64')}`,
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: back.searchParams.get('code')!,
          redirect_uri: env.OPENID_REDIRECT_URI!,
          code_verifier: verifier,
        }).toString(),
      });
      expect(token.status, token.body).toBe(200);
      const idToken = (JSON.parse(token.body) as { id_token: string }).id_token;
      return JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString()) as Record<
        string,
        unknown
      >;
    }

    it('runs Keycloak and oauth2-proxy on the rendered env and flags, only addresses, issuer and CA path changed', () => {
      expect(kc.rewrites.map((w) => w.key).sort()).toEqual(['env KC_DB_URL', 'env KC_HOSTNAME']);
      expect(kc.env.KC_DB).toBe('postgres');
      expect(proxy.rewrites.map((w) => w.from.split('=')[0])).toEqual([
        '--oidc-issuer-url',
        '--http-address',
        '--metrics-address',
        '--provider-ca-file',
      ]);
    });

    it('has the rendered realm in Keycloak: every client with its mappers, the admin group with its realm role', async () => {
      const admin = await KeycloakAdmin.login(kc);
      const clients = (await admin.call('GET', `/${realmName}/clients`)) as {
        clientId: string;
        protocolMappers?: { protocolMapper: string }[];
      }[];
      for (const c of r.plan.ssoClients) {
        const got = clients.find((x) => x.clientId === c.clientId);
        expect(got, c.clientId).toBeDefined();
        expect(got!.protocolMappers!.map((m) => m.protocolMapper)).toContain(
          'oidc-usermodel-realm-role-mapper',
        );
      }
      const groups = (await admin.call('GET', `/${realmName}/groups?search=${adminGroup}&exact=true`)) as {
        id: string;
      }[];
      const mapped = (await admin.call(
        'GET',
        `/${realmName}/groups/${groups[0]!.id}/role-mappings/realm`,
      )) as {
        name: string;
      }[];
      expect(mapped.map((m) => m.name)).toEqual([adminGroup]);
    });

    it("sends a browser without a session to Keycloak's login form of the rendered realm, with PKCE", async () => {
      const res = answered(await edge.send({ host: 'llm.home.arpa', path: '/ui/', headers: BROWSER }));
      expect(res.status).toBe(302);
      const to = new URL(String(res.headers.location));
      expect(`${to.origin}${to.pathname}`).toBe(`${issuer}/protocol/openid-connect/auth`);
      expect(Object.fromEntries(to.searchParams)).toMatchObject({
        client_id: secretValue(r, 'auth', 'oauth2-proxy-oidc', 'client-id'),
        code_challenge_method: 'S256',
        redirect_uri: 'https://llm.home.arpa/oauth2/callback',
        scope: 'openid email profile groups',
      });
      const page = await exchange(to.toString(), { headers: BROWSER });
      expect(page.status).toBe(200);
      expect(page.body).toMatch(/id="kc-form-login"/);
    });

    it('serves every planned client its login form for openid email profile groups (no invalid_scope)', async () => {
      expect(r.plan.ssoClients.map((c) => c.clientId)).toEqual(
        expect.arrayContaining(['argocd', 'grafana', 'oauth2-proxy', 'open-webui']),
      );
      for (const client of r.plan.ssoClients) {
        const auth = new URL(`${issuer}/protocol/openid-connect/auth`);
        auth.search = new URLSearchParams({
          client_id: client.clientId,
          redirect_uri: client.redirectUris[0]!,
          response_type: 'code',
          scope: 'openid email profile groups',
          code_challenge: createHash('sha256').update('v'.repeat(43)).digest('base64url'),
          code_challenge_method: 'S256',
        }).toString();
        const page = await exchange(auth.toString(), { headers: BROWSER });
        expect(page.status, `${client.clientId}: ${String(page.headers.location)}`).toBe(200);
        expect(page.body).toMatch(/id="kc-form-login"/);
      }
    });

    it('answers an API client without a session with 401, not a login page', async () => {
      const res = answered(await edge.send({ host: 'llm.home.arpa', path: '/v1/models', headers: API }));
      expect(res.status).toBe(401);
    });

    it("signs in a platform admin through Keycloak's form; the app gets who they are, Authorization untouched", async () => {
      const done = await login(users.ada!, 'llm.home.arpa');
      expect(done.status, done.body.slice(0, 300)).toBe(302);
      const session = cookiesOf(done).join('; ');
      const res = reached(
        await edge.send({
          host: 'llm.home.arpa',
          path: '/v1/models',
          headers: { ...API, Cookie: session, Authorization: 'Bearer not-a-litellm-key' },
        }),
      );
      expect(res.reached).toBe('ai/litellm:4000');
      expect(res.headers).toMatchObject({
        Authorization: 'Bearer not-a-litellm-key',
        'X-Auth-Request-Email': 'ada@home.arpa',
      });
      // The keycloak-oidc provider adds the access token's roles (`role:...`) to the groups it hands on.
      expect(res.headers['X-Auth-Request-Groups']!.split(',')).toEqual(
        expect.arrayContaining([adminGroup, `role:${adminGroup}`]),
      );
    });

    it('gives the edge no Authorization header of its own to copy (the ID token stays with oauth2-proxy)', async () => {
      const done = await login(users.ada!, 'llm.home.arpa');
      const auth = await exchange(`${proxy.url}/`, {
        headers: {
          ...API,
          Cookie: cookiesOf(done).join('; '),
          'X-Forwarded-Host': 'llm.home.arpa',
          'X-Forwarded-Proto': 'https',
        },
      });
      expect(auth.status).toBe(202);
      expect(auth.headers.authorization).toBeUndefined();
      expect(auth.headers['x-auth-request-email']).toBe('ada@home.arpa');
    });

    it.each([
      ['bob', 'in no group'],
      ['eve', 'in another group'],
    ])(
      "refuses %s (%s) at oauth2-proxy's callback: only the admin group passes forward-auth (403)",
      async (name) => {
        const done = await login(users[name]!, 'llm.home.arpa');
        expect(done.status).toBe(403);
      },
    );

    it('refuses (403) a user whose e-mail Keycloak has not verified, at redeem (oauth2-proxy v7.15.6 default)', async () => {
      const done = await login(users.cyd!, 'llm.home.arpa');
      expect(done.status, tail(proxy.logs(), 12)).toBe(403);
      expect(proxy.logs()).toMatch(/email in id_token \(cyd@home\.arpa\) isn't verified/);
    });

    it.each([
      ['llm.home.arpa', 'Bearer sk-1234', 'ai/litellm:4000'],
      ['mcp.home.arpa', 'Bearer mcp-token', 'ai/mcp-servers:8000'],
    ])('routes %s with its own key (%s) past SSO to %s, Authorization untouched', async (host, key, to) => {
      const res = reached(
        await edge.send({ host, path: '/v1/models', headers: { ...API, Authorization: key } }),
      );
      expect(res.reached).toBe(to);
      expect(res.headers.Authorization).toBe(key);
    });

    it('would refuse a LiteLLM key on the SSO route: oauth2-proxy does not know it (401)', async () => {
      const res = await exchange(`${proxy.url}/`, {
        headers: { ...API, Authorization: 'Bearer sk-1234', 'X-Forwarded-Host': 'llm.home.arpa' },
      });
      expect(res.status).toBe(401);
    });

    it('does not route a bearer that is not a LiteLLM key past SSO', async () => {
      const res = answered(
        await edge.send({
          host: 'llm.home.arpa',
          path: '/v1/models',
          headers: { ...API, Authorization: 'Bearer eyJ.x.y' },
        }),
      );
      expect(res.status).toBe(401);
    });

    (haveOpenWebuiSource() || IN_CI ? it : it.skip)(
      "Open WebUI 0.8.11's get_user_role on Keycloak's ID tokens: admins admin, every other realm user a user",
      async () => {
        const env = renderedContainer(r, 'Deployment', 'ai', 'open-webui').env;
        const realm = renderedRealm(r);
        const tokens: Record<string, Record<string, unknown>> = {};
        for (const name of ['ada', 'bob', 'eve']) tokens[name] = await openWebuiIdToken(users[name]!);
        // The claims the settings test builds from the rendered mappers are the ones Keycloak issued.
        for (const [name, claims] of Object.entries(tokens))
          for (const [claim, value] of Object.entries(
            mappedClaims(realm, env.OAUTH_CLIENT_ID!, users[name]!.groups),
          ))
            expect([...((claims[claim] as string[] | undefined) ?? [])].sort(), `${name} ${claim}`).toEqual(
              [...value].sort(),
            );
        expect(openWebuiCode({ env, users: tokens }).roles).toEqual({
          ada: 'admin',
          bob: 'user',
          eve: 'user',
        });
      },
    );
  },
);
