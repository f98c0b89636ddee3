import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlannedSecret } from '../../src/plan/types.ts';

/** Directory of the committed test certificates (see make-fixtures.sh). */
export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'secrets');

/** Reads a fixture file as text. */
export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** The test controller's private key (RSA 4096, PKCS#1). */
export function testPrivateKey(): KeyObject {
  return createPrivateKey(fixture('controller-key.pem'));
}

/** A deterministic byte source: SHA-256 in counter mode over a seed. */
export function seededRandom(seed: string): (size: number) => Buffer {
  let counter = 0;
  return (size) => {
    const chunks: Buffer[] = [];
    let have = 0;
    while (have < size) {
      const c = createHash('sha256').update(`${seed}:${counter++}`).digest();
      chunks.push(c);
      have += c.length;
    }
    return Buffer.concat(chunks).subarray(0, size);
  };
}

/** A small secret inventory shaped like the catalog's: every format, a composed URL across secrets, an external key. */
export function sampleSecrets(): PlannedSecret[] {
  return [
    {
      service: 'litellm',
      namespace: 'ai',
      name: 'litellm-master-key',
      admin: false,
      configPath: 'services.litellm',
      keys: { masterKey: { kind: 'api-key', prefix: 'sk-', bytes: 24 } },
    },
    {
      service: 'litellm',
      namespace: 'ai',
      name: 'litellm-db',
      admin: false,
      configPath: 'services.litellm',
      keys: {
        username: { kind: 'fixed', value: 'litellm' },
        password: { kind: 'password', length: 32 },
        url: {
          kind: 'composed',
          template: 'postgresql://${username}:${password}@litellm-db-rw.ai.svc:5432/litellm',
        },
      },
    },
    {
      service: 'oauth2-proxy',
      namespace: 'auth',
      name: 'oauth2-proxy',
      admin: false,
      configPath: 'services.oauth2-proxy',
      keys: {
        cookieSecret: { kind: 'cookie-secret' },
        clientSecret: { kind: 'token', bytes: 32, encoding: 'hex' },
        litellmKey: { kind: 'composed', template: 'Bearer ${ai/litellm-master-key/masterKey}' },
      },
    },
    {
      service: 'keycloak',
      namespace: 'auth',
      name: 'keycloak-admin',
      admin: true,
      configPath: 'services.keycloak',
      keys: { username: { kind: 'fixed', value: 'admin' }, password: { kind: 'password', length: 24 } },
    },
    {
      service: 'searxng',
      namespace: 'ai',
      name: 'searxng',
      admin: false,
      configPath: 'services.searxng',
      keys: {
        secretKey: { kind: 'token', bytes: 32, encoding: 'base64' },
        b: { kind: 'token', bytes: 16, encoding: 'base64url' },
      },
    },
  ];
}

/** The sample plus a secret with a value only the user can supply. */
export function sampleWithExternal(): PlannedSecret[] {
  return [
    ...sampleSecrets(),
    {
      service: 'arc-runners',
      namespace: 'arc-runners',
      name: 'github-app',
      admin: false,
      configPath: 'services.arc-runners',
      keys: { privateKey: { kind: 'external', description: 'GitHub App private key (PEM)' } },
    },
  ];
}
