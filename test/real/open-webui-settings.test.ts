/*
 * Problems 6 and 7 of issue 13, decided by Open WebUI's own code at the pinned version: the wheel
 * open-webui==0.8.11's config.py (PersistentConfig, ENABLE_PERSISTENT_CONFIG, the OAUTH_* and DEFAULT_USER_ROLE
 * settings, OPENAI_API_KEYS, RAG_OPENAI_API_KEY, OAUTH_CLIENT_SECRET) and utils/oauth.py (OAuthManager.get_user_role),
 * fetched by .ci/tools.d/45-image-sources.sh, executed by harness/open_webui_settings.py with the rendered container
 * environment. Stand-ins, named there: the database lookup (what an earlier start stored) and the user count; and
 * the claims Keycloak puts in the ID token, built from the rendered realm's mappers by harness/keycloak-claims.ts
 * (the real Keycloak's tokens for the same users are checked in test/real/sso-keycloak.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { IN_CI } from '../helpers/tools.ts';
import { renderedContainer } from './harness/container.ts';
import { mappedClaims, renderedRealm } from './harness/keycloak-claims.ts';
import { haveOpenWebuiSource, OPEN_WEBUI_SRC, openWebuiCode } from './harness/open-webui-code.ts';
import { type RenderedPlatform, renderedPlatform } from './harness/rendered.ts';

const have = haveOpenWebuiSource();

/** What an earlier start stored in Open WebUI's database at these config paths (before a `shai secrets rotate`). */
const STORED = {
  'openai.api_keys': ['the-key-before-rotation'],
  'rag.openai_api_key': 'the-key-before-rotation',
  'oauth.oidc.client_secret': 'the-secret-before-rotation',
};
const SETTINGS = ['OPENAI_API_KEYS', 'RAG_OPENAI_API_KEY', 'OAUTH_CLIENT_SECRET'];

/*
 * The Open WebUI env of the tree before issue 13's fix (commit 8a146c2, deploy/services/open-webui): role management
 * on, admins and "user" allowed, no DEFAULT_USER_ROLE, no ENABLE_PERSISTENT_CONFIG.
 */
const BEFORE = {
  ENABLE_OAUTH_ROLE_MANAGEMENT: 'true',
  OAUTH_ROLES_CLAIM: 'groups',
  OAUTH_ADMIN_ROLES: 'platform-admins',
  OAUTH_ALLOWED_ROLES: 'user,platform-admins',
};

/** The roles part of the Open WebUI env on main before this fix (7a7a057): the groups claim, only admins allowed. */
const GROUPS_CLAIM_ENV = (admins: string) => ({
  ENABLE_OAUTH_ROLE_MANAGEMENT: 'true',
  OAUTH_ROLES_CLAIM: 'groups',
  OAUTH_ADMIN_ROLES: admins,
  OAUTH_ALLOWED_ROLES: admins,
  DEFAULT_USER_ROLE: 'user',
});

function run(env: Record<string, string>, users: Record<string, Record<string, string[]>>) {
  return openWebuiCode({ env, db: STORED, settings: SETTINGS, support: ['OPENAI_API_KEY'], users });
}

(have || IN_CI ? describe : describe.skip)(
  "Open WebUI 0.8.11's own settings code on the rendered environment",
  () => {
    let r: RenderedPlatform;
    let env: Record<string, string>;
    let admins: string;
    beforeAll(async () => {
      if (!have) throw new Error(`${OPEN_WEBUI_SRC}/utils/oauth.py is missing; run bash .ci/tools.sh`);
      r = await renderedPlatform();
      env = renderedContainer(r, 'Deployment', 'ai', 'open-webui').env;
      admins = r.plan.config.sso.adminGroup;
    });

    it('takes the rotated keys from the environment, not from what an earlier start stored (problem 7)', () => {
      const { values } = run(env, {});
      expect(values).toEqual({
        OPENAI_API_KEYS: [env.OPENAI_API_KEY],
        RAG_OPENAI_API_KEY: env.RAG_OPENAI_API_KEY,
        OAUTH_CLIENT_SECRET: env.OAUTH_CLIENT_SECRET,
      });
    });

    it('kept the stored API keys with the environment as rendered before (OAuth settings were never stored at 0.8.11)', () => {
      const { values } = run(
        { ...BEFORE, OPENAI_API_KEY: 'new', RAG_OPENAI_API_KEY: 'new', OAUTH_CLIENT_SECRET: 'new' },
        {},
      );
      expect(values).toEqual({
        OPENAI_API_KEYS: ['the-key-before-rotation'],
        RAG_OPENAI_API_KEY: 'the-key-before-rotation',
        OAUTH_CLIENT_SECRET: 'new',
      });
    });

    /** What Keycloak's mappers for Open WebUI's client put in the ID token of a member of `groups`. */
    const claims = (groups: string[], opts?: { defaultRole?: boolean }) =>
      mappedClaims(
        renderedRealm(r),
        r.plan.ssoClients.find((c) => c.service === 'open-webui')!.clientId,
        groups,
        opts,
      );

    it('makes the admin group admins and every other realm user a user, whatever their groups (problem 6)', () => {
      const { roles } = run(env, {
        ada: claims([admins]),
        bob: claims([]),
        eve: claims(['staff']),
        fay: claims(['staff', admins]),
      });
      expect(roles).toEqual({ ada: 'admin', bob: 'user', eve: 'user', fay: 'admin' });
    });

    it('leaves a realm user whose realm roles an administrator removed pending, for an Open WebUI admin to decide', () => {
      const { roles } = run(env, { gus: claims([], { defaultRole: false }) });
      expect(roles).toEqual({ gus: 'pending' });
    });

    it('left every user outside the admin group pending with the environment as rendered before', () => {
      const { roles } = run(BEFORE, { ada: { groups: [admins] }, bob: { groups: [] } });
      expect(roles).toEqual({ ada: 'admin', bob: 'pending' });
    });

    it('refused (403) a user in a group other than the admin group with the groups claim as the roles claim (8a146c2..7a7a057)', () => {
      const { roles } = run(GROUPS_CLAIM_ENV(admins), { eve: { groups: ['staff'] } });
      expect(roles).toEqual({ eve: 'refused (403)' });
    });
  },
);
