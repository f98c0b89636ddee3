import { createCipheriv, constants, publicEncrypt, type KeyObject } from 'node:crypto';

/** kubeseal's `--scope`: what the OAEP label binds a sealed value to. */
export type SealScope = 'strict' | 'namespace-wide' | 'cluster-wide';

/** The scopes in the order kubeseal documents them. */
export const SEAL_SCOPES: readonly SealScope[] = ['strict', 'namespace-wide', 'cluster-wide'];

/** Source of randomness, injected so tests can be deterministic (node's `randomBytes` in production). */
export type RandomBytes = (size: number) => Buffer;

/** Session keys are AES-256; GCM uses a 12-byte nonce that is all zeros because each key seals exactly one value. */
const SESSION_KEY_BYTES = 32;
const GCM_NONCE = Buffer.alloc(12);

/** The OAEP label the controller expects: `namespace/name`, `namespace`, or empty (tech-facts §1.2). */
export function encryptionLabel(scope: SealScope, namespace: string, name: string): Buffer {
  if (scope === 'cluster-wide') return Buffer.alloc(0);
  if (scope === 'namespace-wide') return Buffer.from(namespace, 'utf8');
  return Buffer.from(`${namespace}/${name}`, 'utf8');
}

/**
 * kubeseal's hybrid encryption: RSA-OAEP(SHA-256) of a fresh session key, then AES-256-GCM of the value.
 * Layout: uint16 BE length of the RSA block || RSA block || GCM ciphertext || 16-byte tag.
 */
export function hybridEncrypt(
  publicKey: KeyObject,
  plaintext: Buffer,
  label: Buffer,
  randomBytes: RandomBytes,
): Buffer {
  const sessionKey = randomBytes(SESSION_KEY_BYTES);
  if (sessionKey.length !== SESSION_KEY_BYTES)
    throw new Error(`randomBytes returned ${sessionKey.length} bytes`);
  const rsa = publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label },
    sessionKey,
  );
  const cipher = createCipheriv('aes-256-gcm', sessionKey, GCM_NONCE);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(rsa.length);
  return Buffer.concat([prefix, rsa, body]);
}

/** What identifies a sealed value: the target Secret and the scope. */
export interface SealTarget {
  namespace: string;
  name: string;
  scope: SealScope;
}

/** Seals one value as kubeseal does for `spec.encryptedData[key]`: standard base64 of the hybrid blob. */
export function sealValue(
  publicKey: KeyObject,
  target: SealTarget,
  value: string,
  randomBytes: RandomBytes,
): string {
  const label = encryptionLabel(target.scope, target.namespace, target.name);
  return hybridEncrypt(publicKey, Buffer.from(value, 'utf8'), label, randomBytes).toString('base64');
}
