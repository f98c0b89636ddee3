import type { PlannedSecret } from '../plan/types.ts';

/** Where a secret's SealedSecret lives, relative to the deploy root (`gitops.path`), POSIX separators. */
export function sealedSecretPath(secret: Pick<PlannedSecret, 'service' | 'name'>): string {
  return `services/${secret.service}/sealedsecret-${secret.name}.yaml`;
}

/** `namespace/name`: how commands, the store and messages name a secret. */
export function secretId(secret: Pick<PlannedSecret, 'namespace' | 'name'>): string {
  return `${secret.namespace}/${secret.name}`;
}
