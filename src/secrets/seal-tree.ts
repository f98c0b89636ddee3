import { createHash } from 'node:crypto';
import type { KubeObject } from '../k8s/object.ts';
import type { PlannedSecret } from '../plan/types.ts';
import type { ControllerCert } from './cert.ts';
import { sealedSecretPath, secretId } from './paths.ts';
import { sealValue, type RandomBytes, type SealScope } from './seal.ts';
import { buildSealedSecret, encryptedDataOf, scopeOf } from './sealed-secret.ts';
import type { Store } from './store.ts';
import { lastRotation, uniqueSecrets } from './values.ts';

/** One SealedSecret to write, relative to the deploy root. */
export interface SealedFile {
  path: string;
  object: KubeObject;
}

/** The outcome of sealing: objects for every complete secret, and the store with updated fingerprints. */
export interface SealResult {
  files: SealedFile[];
  store: Store;
  /** `namespace/name/key` sealed anew in this run. */
  resealed: string[];
  /** Secrets skipped because a value is missing (e.g. an external value not supplied yet). */
  incomplete: string[];
}

function sha256(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

/**
 * Seals every planned secret. A key whose value, certificate, scope and target are unchanged keeps the
 * ciphertext already in the tree, so re-running seal leaves git quiet.
 */
export function sealSecrets(input: {
  secrets: readonly PlannedSecret[];
  store: Store;
  cert: ControllerCert;
  /** Scope for every secret; by default the scope of the file in the tree, else strict. */
  scope?: SealScope;
  /** SealedSecrets already in the tree, by path relative to the deploy root. */
  existing: ReadonlyMap<string, KubeObject>;
  randomBytes: RandomBytes;
}): SealResult {
  const store = structuredClone(input.store);
  const result: SealResult = { files: [], store, resealed: [], incomplete: [] };
  for (const secret of uniqueSecrets(input.secrets)) {
    const stored = store.secrets[secretId(secret)];
    const keys = Object.keys(secret.keys).sort();
    if (!stored || keys.some((k) => !stored.keys[k])) {
      result.incomplete.push(secretId(secret));
      continue;
    }
    const path = sealedSecretPath(secret);
    const previous = input.existing.get(path);
    const scope = input.scope ?? (previous ? scopeOf(previous) : 'strict');
    const oldData = previous ? encryptedDataOf(previous) : {};
    const encryptedData: Record<string, string> = {};
    for (const key of keys) {
      const value = stored.keys[key]!;
      const fingerprint = sha256(
        input.cert.fingerprint,
        scope,
        secret.namespace,
        secret.name,
        key,
        value.value,
      );
      const old = oldData[key];
      if (old && value.sealed?.input === fingerprint && value.sealed.output === sha256(old)) {
        encryptedData[key] = old;
        continue;
      }
      encryptedData[key] = sealValue(
        input.cert.publicKey,
        { ...secret, scope },
        value.value,
        input.randomBytes,
      );
      value.sealed = { input: fingerprint, output: sha256(encryptedData[key]) };
      result.resealed.push(`${secretId(secret)}/${key}`);
    }
    const rotatedAt = lastRotation(stored);
    result.files.push({
      path,
      object: buildSealedSecret({ secret, encryptedData, scope, ...(rotatedAt ? { rotatedAt } : {}) }),
    });
  }
  return result;
}
