import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SecretFormat } from '../../src/services/types.ts';
import { cookieSecretBytes } from '../../src/check/rules/oauth2-proxy-cookie-secret.ts';
import { templateRefs, resolveTemplate } from '../../src/secrets/compose.ts';
import { PASSWORD_ALPHABET, generateValue, matchesFormat } from '../../src/secrets/generate.ts';
import { fillStore, rotateValues } from '../../src/secrets/values.ts';
import { emptyStore } from '../../src/secrets/store.ts';
import { sampleSecrets, sampleWithExternal, seededRandom } from './helpers.ts';

const FORMATS: SecretFormat[] = [
  { kind: 'password', length: 32 },
  { kind: 'password', length: 1 },
  { kind: 'token', bytes: 32, encoding: 'hex' },
  { kind: 'token', bytes: 32, encoding: 'base64' },
  { kind: 'token', bytes: 16, encoding: 'base64' },
  { kind: 'token', bytes: 33, encoding: 'base64' },
  { kind: 'token', bytes: 32, encoding: 'base64url' },
  { kind: 'api-key', prefix: 'sk-', bytes: 24 },
  { kind: 'cookie-secret' },
  { kind: 'fixed', value: 'admin' },
];

describe('value generation', () => {
  it.each(FORMATS)('generates values matching %o (100 draws)', (format) => {
    for (let i = 0; i < 100; i++)
      expect(matchesFormat(generateValue(format, randomBytes), format)).toBe(true);
  });

  it('makes LiteLLM keys that start with sk- and oauth2-proxy cookie secrets that decode to 32 bytes', () => {
    expect(generateValue({ kind: 'api-key', prefix: 'sk-', bytes: 24 }, randomBytes)).toMatch(
      /^sk-[0-9a-f]{48}$/,
    );
    const cookie = generateValue({ kind: 'cookie-secret' }, randomBytes);
    expect(Buffer.from(cookie, 'base64url')).toHaveLength(32);
    expect(cookie).not.toMatch(/[+/]/);
  });

  it('draws passwords from letters and digits only, using every one of them', () => {
    const pw = generateValue({ kind: 'password', length: 5000 }, randomBytes);
    expect(new Set(pw).size).toBe(PASSWORD_ALPHABET.length);
    expect(pw).toMatch(/^[A-Za-z0-9]+$/);
  });

  it('rejects values of the wrong shape', () => {
    expect(matchesFormat('short', { kind: 'password', length: 32 })).toBe(false);
    expect(matchesFormat('pk-' + 'a'.repeat(48), { kind: 'api-key', prefix: 'sk-', bytes: 24 })).toBe(false);
    expect(matchesFormat('a'.repeat(44), { kind: 'cookie-secret' })).toBe(false);
    expect(matchesFormat('abc=', { kind: 'token', bytes: 32, encoding: 'base64' })).toBe(false);
    expect(matchesFormat('x', { kind: 'composed', template: 'postgresql://${a}@h' })).toBe(false);
    expect(matchesFormat('', { kind: 'external', description: 'd' })).toBe(false);
  });
});

describe('composed templates', () => {
  it('reads same-secret, same-namespace and cross-namespace references', () => {
    expect(templateRefs('${a}:${db/b}:${auth/kc/c}', { namespace: 'ai', name: 's' })).toEqual([
      { namespace: 'ai', name: 's', key: 'a' },
      { namespace: 'ai', name: 'db', key: 'b' },
      { namespace: 'auth', name: 'kc', key: 'c' },
    ]);
    expect(
      resolveTemplate('${a}-${b}', { namespace: 'n', name: 's' }, (r) => (r.key === 'a' ? '1' : undefined)),
    ).toBeUndefined();
  });
});

describe('fillStore and rotateValues', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it('generates every missing value to its format and resolves composed ones', () => {
    const out = fillStore(emptyStore('home'), sampleSecrets(), { force: false, now, randomBytes });
    for (const s of sampleSecrets()) {
      for (const [key, format] of Object.entries(s.keys)) {
        const value = out.store.secrets[`${s.namespace}/${s.name}`]!.keys[key]!.value;
        expect(matchesFormat(value, format), `${s.name}/${key}=${value}`).toBe(true);
      }
    }
    const db = out.store.secrets['ai/litellm-db']!.keys;
    expect(db.url!.value).toBe(
      `postgresql://litellm:${db.password!.value}@litellm-db-rw.ai.svc:5432/litellm`,
    );
    expect(out.store.secrets['auth/oauth2-proxy']!.keys.litellmKey!.value).toBe(
      `Bearer ${out.store.secrets['ai/litellm-master-key']!.keys.masterKey!.value}`,
    );
  });

  it('never overwrites existing values unless forced', () => {
    const first = fillStore(emptyStore('home'), sampleSecrets(), { force: false, now, randomBytes });
    const again = fillStore(first.store, sampleSecrets(), { force: false, now, randomBytes });
    expect(again.store).toEqual(first.store);
    expect(again.created).toEqual([]);
    const forced = fillStore(first.store, sampleSecrets(), { force: true, now, randomBytes });
    expect(forced.store.secrets['auth/keycloak-admin']!.keys.password!.value).not.toBe(
      first.store.secrets['auth/keycloak-admin']!.keys.password!.value,
    );
    expect(forced.store.secrets['auth/keycloak-admin']!.keys.username!.value).toBe('admin');
  });

  it('lists external values as missing instead of inventing them', () => {
    const out = fillStore(emptyStore('home'), sampleWithExternal(), { force: false, now, randomBytes });
    expect(out.missing).toEqual(['arc-runners/github-app/privateKey']);
  });

  it('rotates the selected secret, and composed values elsewhere follow it', () => {
    const first = fillStore(emptyStore('home'), sampleSecrets(), {
      force: false,
      now,
      randomBytes: seededRandom('a'),
    });
    const later = new Date('2026-03-01T00:00:00Z');
    const out = rotateValues(first.store, sampleSecrets(), new Set(['ai/litellm-master-key']), {
      now: later,
      randomBytes: seededRandom('b'),
    });
    expect(out.rotated.sort()).toEqual(['ai/litellm-master-key/masterKey', 'auth/oauth2-proxy/litellmKey']);
    const key = out.store.secrets['ai/litellm-master-key']!.keys.masterKey!;
    expect(key.rotatedAt).toBe(later.toISOString());
    expect(key.createdAt).toBe(now.toISOString());
    expect(out.store.secrets['auth/oauth2-proxy']!.keys.litellmKey!.value).toBe(`Bearer ${key.value}`);
    expect(out.store.secrets['auth/keycloak-admin']).toEqual(first.store.secrets['auth/keycloak-admin']);
  });
});

describe('agreement with the oauth2-proxy check rule', () => {
  it('generates cookie secrets the rule decodes to 32 bytes', () => {
    for (let i = 0; i < 50; i++)
      expect(cookieSecretBytes(generateValue({ kind: 'cookie-secret' }, randomBytes))).toBe(32);
  });
});
