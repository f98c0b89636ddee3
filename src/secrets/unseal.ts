import { constants, createDecipheriv, privateDecrypt, type KeyObject } from 'node:crypto';
import type { KubeObject } from '../k8s/object.ts';
import { UserError } from '../errors.ts';
import { encryptionLabel } from './seal.ts';
import { scopeOf } from './sealed-secret.ts';

const GCM_TAG_BYTES = 16;

/** The controller's decryption (HybridDecrypt): fails when the label (scope, namespace, name) differs. */
export function hybridDecrypt(privateKey: KeyObject, blob: Buffer, label: Buffer): Buffer {
  if (blob.length < 2) throw new UserError('sealed value is too short');
  const rsaLength = blob.readUInt16BE(0);
  if (blob.length < 2 + rsaLength + GCM_TAG_BYTES) throw new UserError('sealed value is truncated');
  const rsa = blob.subarray(2, 2 + rsaLength);
  const body = blob.subarray(2 + rsaLength);
  let sessionKey: Buffer;
  try {
    sessionKey = privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label },
      rsa,
    );
  } catch (cause) {
    throw new UserError('cannot decrypt the session key: wrong private key, scope, namespace or name', {
      cause,
    });
  }
  const decipher = createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  decipher.setAuthTag(body.subarray(body.length - GCM_TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - GCM_TAG_BYTES)), decipher.final()]);
  } catch (cause) {
    throw new UserError('sealed value failed its integrity check', { cause });
  }
}

/** Unseals every key of a SealedSecret as the controller would, using the object's own name, namespace and scope. */
export function unsealObject(privateKey: KeyObject, sealed: KubeObject): Record<string, string> {
  const spec = sealed.spec as { encryptedData?: Record<string, string> } | undefined;
  const namespace = sealed.metadata.namespace ?? '';
  const label = encryptionLabel(scopeOf(sealed), namespace, sealed.metadata.name);
  const out: Record<string, string> = {};
  for (const [key, b64] of Object.entries(spec?.encryptedData ?? {})) {
    out[key] = hybridDecrypt(privateKey, Buffer.from(b64, 'base64'), label).toString('utf8');
  }
  return out;
}
