/*
 * Single sign-on with the real oauth2-proxy (v7.15.6, the image's pin, from its Go module) started on the rendered
 * flags, against oauth2-proxy's mock OpenID provider (a stand-in for Keycloak: harness/mock-oidc.ts) and through a
 * stand-in for Traefik that applies the rendered IngressRoutes and forward-auth Middleware (harness/edge.ts). What
 * is real: every answer of oauth2-proxy (redirects, 401/403, session cookies, the headers it gives the edge).
 * What is a stand-in: the provider's login (no form; the user is named with login_hint) and Traefik's routing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTools } from '../helpers/tools.ts';
import { Edge, type EdgeRequest, type EdgeResult } from './harness/edge.ts';
import { cookiesOf, type Exchange, exchange } from './harness/http.ts';
import { type MockOidcRun, type MockUser, startMockOidc } from './harness/mock-oidc.ts';
import { flag, type Oauth2ProxyRun, startOauth2Proxy } from './harness/oauth2-proxy.ts';
import { type RenderedPlatform, renderedPlatform, secretValue } from './harness/rendered.ts';

// The mock omits email_verified when false, which oauth2-proxy takes as verified: an unverified user (refused by
// default, as Keycloak sends email_verified: false) cannot be played here.
const user = (name: string, groups: string[]): MockUser => ({
  Subject: `sub-${name}`,
  Email: `${name}@home.arpa`,
  EmailVerified: true,
  PreferredUsername: name,
  Groups: groups,
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

describeWithTools(
  'SSO: real oauth2-proxy on the rendered flags (mock OpenID provider and Traefik stand-ins)',
  ['oauth2-proxy', 'mock-oidc'],
  'bash .ci/tools.sh',
  () => {
    let r: RenderedPlatform;
    let oidc: MockOidcRun;
    let proxy: Oauth2ProxyRun;
    let edge: Edge;
    let admin: string;

    beforeAll(async () => {
      r = await renderedPlatform();
      const adminGroup = r.plan.config.sso.adminGroup;
      oidc = await startMockOidc(
        {
          id: secretValue(r, 'auth', 'oauth2-proxy-oidc', 'client-id'),
          secret: secretValue(r, 'auth', 'oauth2-proxy-oidc', 'client-secret'),
        },
        { ada: user('ada', [adminGroup]), bob: user('bob', ['staff']) },
      );
      proxy = await startOauth2Proxy(r, oidc.issuer, oidc.caPem);
      edge = new Edge(r.objects, proxy.url);
      admin = await login('ada', 'llm.home.arpa');
    }, 120_000);

    afterAll(async () => {
      await proxy?.stop();
      await oidc?.stop();
    });

    /** Plays a browser: the login redirect, the provider's authorize step as `who`, the callback; returns the Cookie header. */
    async function login(who: string, host: string): Promise<string> {
      const start = answered(await edge.send({ host, path: '/', headers: BROWSER }));
      expect(start.status, start.body).toBe(302);
      const authorize = new URL(String(start.headers.location));
      authorize.searchParams.set('login_hint', who);
      const back = await exchange(authorize.toString(), { ca: oidc.caPem });
      expect(back.status, back.body).toBe(302);
      const callback = new URL(String(back.headers.location));
      expect(`${callback.protocol}//${callback.host}`).toBe(`https://${host}`);
      const done = answered(
        await edge.send({
          host,
          path: `${callback.pathname}${callback.search}`,
          headers: { ...BROWSER, Cookie: cookiesOf(start).join('; ') },
        }),
      );
      if (done.status !== 302)
        throw new Error(`callback for ${who}: ${done.status} ${done.body.slice(0, 300)}`);
      return cookiesOf(done).join('; ');
    }

    it('started on the rendered flags with only its addresses, issuer and CA path changed', () => {
      expect(proxy.rewrites.map((w) => w.from.split('=')[0])).toEqual([
        '--oidc-issuer-url',
        '--http-address',
        '--metrics-address',
        '--provider-ca-file',
      ]);
      expect(flag(proxy.args, 'code-challenge-method')).toBe('S256');
    });

    it("sends a browser without a session to the provider's login, with PKCE and the host's callback", async () => {
      const res = answered(await edge.send({ host: 'llm.home.arpa', path: '/ui/', headers: BROWSER }));
      expect(res.status).toBe(302);
      const to = new URL(String(res.headers.location));
      expect(`${to.origin}${to.pathname}`).toBe(`${oidc.issuer}/authorize`);
      expect(Object.fromEntries(to.searchParams)).toMatchObject({
        client_id: secretValue(r, 'auth', 'oauth2-proxy-oidc', 'client-id'),
        code_challenge_method: 'S256',
        redirect_uri: 'https://llm.home.arpa/oauth2/callback',
        scope: 'openid email profile groups',
        response_type: 'code',
      });
    });

    it('answers an API client without a session with 401, not a login page', async () => {
      const res = answered(await edge.send({ host: 'llm.home.arpa', path: '/v1/models', headers: API }));
      expect(res.status).toBe(401);
    });

    it("lets a platform admin through with the request's own Authorization untouched and who they are added", async () => {
      const res = reached(
        await edge.send({
          host: 'llm.home.arpa',
          path: '/v1/models',
          headers: { ...API, Cookie: admin, Authorization: 'Bearer not-a-litellm-key' },
        }),
      );
      expect(res.reached).toBe('ai/litellm:4000');
      expect(res.headers).toMatchObject({
        Authorization: 'Bearer not-a-litellm-key',
        'X-Auth-Request-Email': 'ada@home.arpa',
        'X-Auth-Request-User': 'sub-ada',
        'X-Auth-Request-Groups': r.plan.config.sso.adminGroup,
      });
    });

    it('gives the edge no Authorization header of its own to copy (the ID token stays with oauth2-proxy)', async () => {
      const auth = await exchange(`${proxy.url}/`, {
        headers: { ...API, Cookie: admin, 'X-Forwarded-Host': 'llm.home.arpa', 'X-Forwarded-Proto': 'https' },
      });
      expect(auth.status).toBe(202);
      expect(auth.headers.authorization).toBeUndefined();
      expect(auth.headers['x-auth-request-email']).toBe('ada@home.arpa');
    });

    it('refuses to sign in a user outside the admin group (403 at the callback)', async () => {
      await expect(login('bob', 'llm.home.arpa')).rejects.toThrow(/callback for bob: 403/);
    });

    it('would refuse a LiteLLM key on the SSO route: oauth2-proxy does not know it (401)', async () => {
      const res = await exchange(`${proxy.url}/`, {
        headers: { ...API, Authorization: 'Bearer sk-1234', 'X-Forwarded-Host': 'llm.home.arpa' },
      });
      expect(res.status).toBe(401);
    });

    it.each([
      ['llm.home.arpa', 'Bearer sk-1234', 'ai/litellm:4000'],
      ['mcp.home.arpa', 'Bearer mcp-token', 'ai/mcp-servers:8000'],
    ])(
      'routes %s with its own key (%s) past SSO to %s, Authorization untouched (Traefik stand-in)',
      async (host, key, to) => {
        const req: EdgeRequest = { host, path: '/v1/models', headers: { ...API, Authorization: key } };
        const res = reached(await edge.send(req));
        expect(res.reached).toBe(to);
        expect(res.headers.Authorization).toBe(key);
        expect(res.via).toContain('HeaderRegexp');
      },
    );

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
  },
);
