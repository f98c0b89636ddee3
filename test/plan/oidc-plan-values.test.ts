import { describe, expect, it } from 'vitest';
import { plan } from '../../src/plan/plan.ts';
import { fillStore } from '../../src/secrets/values.ts';
import { emptyStore } from '../../src/secrets/store.ts';
import { oauth2ProxyFlags } from '../../src/services/oauth2-proxy.ts';
import { registry } from '../../src/services/registry.ts';
import { seededRandom } from '../secrets/helpers.ts';
import { config } from './helpers.ts';

const withGitlab = (extra: Record<string, unknown> = {}) =>
  plan(config(registry, { services: { gitlab: { enabled: true } }, ...extra }), registry);
const omniauth = (p: ReturnType<typeof plan>) =>
  p.services.find((s) => s.name === 'gitlab')!.secrets.find((s) => s.name === 'gitlab-omniauth')!;

describe("GitLab's OmniAuth issuer and callback", () => {
  it('are fixed values from the plan: the issuer oauth2-proxy uses, the callback the realm registers', () => {
    const p = withGitlab();
    const keys = omniauth(p).keys;
    const issuerFlag = oauth2ProxyFlags(p, 4180, 44180).find((f) => f.startsWith('--oidc-issuer-url='))!;
    expect(keys.issuer).toEqual({ kind: 'fixed', value: issuerFlag.split('=')[1] });
    const client = p.ssoClients.find((c) => c.service === 'gitlab')!;
    expect(keys['redirect-uri']).toEqual({ kind: 'fixed', value: client.redirectUris[0] });
    expect(keys['redirect-uri']).toMatchObject({ value: expect.stringContaining(`.${p.config.domain}/`) });
  });

  it('follow the domain and the realm', () => {
    const p = withGitlab({ domain: 'other.example', sso: { realm: 'lab' } });
    const keys = omniauth(p).keys;
    expect(keys.issuer).toMatchObject({
      value: expect.stringMatching(/^https:\/\/[^/]+\.other\.example\/realms\/lab$/),
    });
  });

  it('need no `shai secrets set`: generate leaves no GitLab value missing and writes them into the provider', () => {
    const p = withGitlab();
    const out = fillStore(emptyStore('lab'), p.secrets, {
      force: false,
      now: new Date('2030-01-01T00:00:00Z'),
      randomBytes: seededRandom('gitlab'),
    });
    expect(out.missing.filter((m) => m.startsWith('gitlab/'))).toEqual([]);
    const stored = out.store.secrets['gitlab/gitlab-omniauth']!.keys;
    expect(stored.provider!.value).toContain(`issuer: ${stored.issuer!.value}\n`);
    expect(stored.provider!.value).toContain(`redirect_uri: ${stored['redirect-uri']!.value}\n`);
  });
});
