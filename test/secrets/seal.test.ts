import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SealedSecret } from '@kubernetes-models/sealed-secrets/bitnami.com/v1alpha1';
import { describe, expect, it } from 'vitest';
import { parseCert } from '../../src/secrets/cert.ts';
import { SEAL_SCOPES, encryptionLabel, hybridEncrypt, sealValue } from '../../src/secrets/seal.ts';
import { buildSealedSecret } from '../../src/secrets/sealed-secret.ts';
import { hybridDecrypt, unsealObject } from '../../src/secrets/unseal.ts';
import { FIXTURES, fixture, seededRandom, testPrivateKey } from './helpers.ts';

const cert = parseCert(
  fixture('controller-cert.pem'),
  'controller-cert.pem',
  new Date('2030-01-01T00:00:00Z'),
);
const key = testPrivateKey();
const secret = {
  service: 'litellm',
  namespace: 'ai',
  name: 'litellm-master-key',
  configPath: 'services.litellm',
};

function sealed(scope: (typeof SEAL_SCOPES)[number], value: string) {
  const encrypted = sealValue(cert.publicKey, { ...secret, scope }, value, randomBytes);
  return buildSealedSecret({ secret, scope, encryptedData: { masterKey: encrypted } });
}

function hasPython(): boolean {
  try {
    execFileSync('python3', ['-c', 'import cryptography'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('kubeseal-compatible sealing', () => {
  it.each(SEAL_SCOPES)('round-trips a value through the controller decryption with scope %s', (scope) => {
    const obj = sealed(scope, 'sk-0123456789abcdef');
    expect(unsealObject(key, obj)).toEqual({ masterKey: 'sk-0123456789abcdef' });
  });

  it('uses the 4096-bit layout: a 0x0200 length prefix, so the base64 value starts with "Ag"', () => {
    const value = sealValue(cert.publicKey, { ...secret, scope: 'strict' }, 'x', randomBytes);
    const blob = Buffer.from(value, 'base64');
    expect(value.startsWith('Ag')).toBe(true);
    expect(blob.readUInt16BE(0)).toBe(512);
    // 2 + RSA block + 1 byte of ciphertext + 16-byte GCM tag
    expect(blob.length).toBe(2 + 512 + 1 + 16);
  });

  it('labels strict as namespace/name, namespace-wide as namespace, cluster-wide as empty', () => {
    expect(encryptionLabel('strict', 'ai', 'db').toString()).toBe('ai/db');
    expect(encryptionLabel('namespace-wide', 'ai', 'db').toString()).toBe('ai');
    expect(encryptionLabel('cluster-wide', 'ai', 'db').length).toBe(0);
  });

  it('fails to decrypt with the wrong scope, namespace or name', () => {
    const blob = Buffer.from(
      sealValue(cert.publicKey, { ...secret, scope: 'strict' }, 'v', randomBytes),
      'base64',
    );
    expect(() =>
      hybridDecrypt(key, blob, encryptionLabel('namespace-wide', 'ai', 'litellm-master-key')),
    ).toThrow(/cannot decrypt/);
    expect(() =>
      hybridDecrypt(key, blob, encryptionLabel('strict', 'default', 'litellm-master-key')),
    ).toThrow(/cannot decrypt/);
    expect(() => hybridDecrypt(key, blob, encryptionLabel('strict', 'ai', 'other'))).toThrow(
      /cannot decrypt/,
    );
    expect(() =>
      hybridDecrypt(key, blob, encryptionLabel('cluster-wide', 'ai', 'litellm-master-key')),
    ).toThrow(/cannot decrypt/);
  });

  it('fails when a strict SealedSecret is moved to another namespace', () => {
    const obj = sealed('strict', 'v');
    const moved = { ...obj, metadata: { ...obj.metadata, namespace: 'default' } };
    expect(() => unsealObject(key, moved)).toThrow(/cannot decrypt/);
    const nsWide = sealed('namespace-wide', 'v');
    const renamed = { ...nsWide, metadata: { ...nsWide.metadata, name: 'renamed' } };
    expect(unsealObject(key, renamed)).toEqual({ masterKey: 'v' });
  });

  it('encrypts the value with AES-GCM under a zero nonce: the same session key gives the same body', () => {
    const a = hybridEncrypt(cert.publicKey, Buffer.from('same'), Buffer.alloc(0), seededRandom('k'));
    const b = hybridEncrypt(cert.publicKey, Buffer.from('same'), Buffer.alloc(0), seededRandom('k'));
    // RSA-OAEP is randomised by itself; the GCM part depends only on the session key.
    expect(a.subarray(2, 514).equals(b.subarray(2, 514))).toBe(false);
    expect(a.subarray(514).equals(b.subarray(514))).toBe(true);
  });

  it('detects a tampered ciphertext', () => {
    const blob = Buffer.from(
      sealValue(cert.publicKey, { ...secret, scope: 'cluster-wide' }, 'value', randomBytes),
      'base64',
    );
    blob[blob.length - 1]! ^= 1;
    expect(() => hybridDecrypt(key, blob, Buffer.alloc(0))).toThrow(/integrity/);
  });

  it.skipIf(!hasPython())(
    'is decrypted by an independent implementation (Python cryptography) for every scope',
    () => {
      for (const scope of SEAL_SCOPES) {
        const value = sealValue(cert.publicKey, { ...secret, scope }, `pässword-${scope}`, randomBytes);
        const label = encryptionLabel(scope, secret.namespace, secret.name).toString();
        const out = execFileSync(
          'python3',
          [join(FIXTURES, 'hybrid_decrypt.py'), join(FIXTURES, 'controller-key.pem'), label],
          { input: value },
        );
        expect(out.toString('utf8')).toBe(`pässword-${scope}`);
      }
    },
  );
});

describe('SealedSecret object', () => {
  it('is a bitnami.com/v1alpha1 SealedSecret with the template metadata and no scope annotation when strict', () => {
    const obj = sealed('strict', 'v');
    expect(obj.apiVersion).toBe('bitnami.com/v1alpha1');
    expect(obj.kind).toBe('SealedSecret');
    expect(obj.metadata).toMatchObject({ name: 'litellm-master-key', namespace: 'ai' });
    expect(
      Object.keys(obj.metadata.annotations ?? {}).filter((a) => a.startsWith('sealedsecrets.bitnami.com/')),
    ).toEqual([]);
    expect(obj.spec).toMatchObject({
      template: { metadata: { name: 'litellm-master-key', namespace: 'ai' }, type: 'Opaque' },
    });
  });

  it.each(SEAL_SCOPES)('validates against the SealedSecret CRD schema (scope %s)', (scope) => {
    const obj = sealed(scope, 'v');
    expect(() => new SealedSecret(obj as never).validate()).not.toThrow();
    // the model does not reject unknown fields: keep spec to what the CRD declares
    expect(Object.keys(obj.spec as object).sort()).toEqual(['encryptedData', 'template']);
  });

  it('carries the scope annotation on the SealedSecret itself for the wider scopes', () => {
    expect(sealed('namespace-wide', 'v').metadata.annotations).toMatchObject({
      'sealedsecrets.bitnami.com/namespace-wide': 'true',
    });
    expect(sealed('cluster-wide', 'v').metadata.annotations).toMatchObject({
      'sealedsecrets.bitnami.com/cluster-wide': 'true',
    });
  });

  it('puts the rotation time on the template', () => {
    const obj = buildSealedSecret({
      secret,
      scope: 'strict',
      encryptedData: {},
      rotatedAt: '2026-01-02T03:04:05.000Z',
    });
    expect(
      (obj.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata
        .annotations['shai.dev/rotated-at'],
    ).toBe('2026-01-02T03:04:05.000Z');
  });
});
