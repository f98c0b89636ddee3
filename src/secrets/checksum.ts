import { createHash } from 'node:crypto';
import type { KubeObject } from '../k8s/object.ts';
import type { PlannedSecret } from '../plan/types.ts';
import { secretId } from './paths.ts';
import { encryptedDataOf } from './sealed-secret.ts';
import type { Store } from './store.ts';
import { SECRETS_CHECKSUM_ANNOTATION } from '../k8s/annotations.ts';

export { SECRETS_CHECKSUM_ANNOTATION };

function digest(lines: string[]): string {
  return createHash('sha256').update(lines.sort().join('\n')).digest('hex');
}

/**
 * Checksum of the values a service consumes, from the store. Values enter only through their own SHA-256,
 * so the annotation reveals nothing usable. Undefined when the service consumes no secret.
 */
export function secretChecksum(
  plan: { readonly secrets: readonly PlannedSecret[] },
  service: string,
  store: Store,
): string | undefined {
  const mine = plan.secrets.filter((s) => s.service === service);
  if (!mine.length) return undefined;
  const lines = mine.flatMap((s) =>
    Object.keys(s.keys).map((k) => {
      const value = store.secrets[secretId(s)]?.keys[k]?.value ?? '';
      return `${secretId(s)}/${k}=${createHash('sha256').update(value).digest('hex')}`;
    }),
  );
  return digest(lines);
}

/**
 * The same idea computed from the SealedSecrets in the tree (no store needed, so `render --check` in CI is
 * reproducible): it changes whenever a value is resealed, which rotation always does.
 */
export function sealedChecksum(sealed: readonly KubeObject[]): string | undefined {
  if (!sealed.length) return undefined;
  const lines = sealed.flatMap((o) =>
    Object.entries(encryptedDataOf(o)).map(
      ([k, v]) => `${o.metadata.namespace ?? ''}/${o.metadata.name}/${k}=${v}`,
    ),
  );
  return digest(lines);
}
