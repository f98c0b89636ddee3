import type { KubeObject } from '../k8s/object.ts';
import type { PlannedSecret } from '../plan/types.ts';
import { serviceLabels } from '../k8s/meta.ts';
import type { SealScope } from './seal.ts';
import { CONFIG_PATH_ANNOTATION, ROTATED_AT_ANNOTATION, SERVICE_ANNOTATION } from '../k8s/annotations.ts';

/** Scope annotations the controller reads from the SealedSecret's own metadata (tech-facts §1.2). */
export const NAMESPACE_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/namespace-wide';
export const CLUSTER_WIDE_ANNOTATION = 'sealedsecrets.bitnami.com/cluster-wide';
/** What the builder needs besides the planned secret: the sealed values, the scope, the last rotation. */
export interface SealedSecretInput {
  secret: Pick<PlannedSecret, 'service' | 'namespace' | 'name' | 'configPath' | 'labels'>;
  encryptedData: Record<string, string>;
  scope: SealScope;
  rotatedAt?: string;
}

function scopeAnnotations(scope: SealScope): Record<string, string> {
  if (scope === 'cluster-wide') return { [CLUSTER_WIDE_ANNOTATION]: 'true' };
  if (scope === 'namespace-wide') return { [NAMESPACE_WIDE_ANNOTATION]: 'true' };
  return {};
}

function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Builds a `bitnami.com/v1alpha1` SealedSecret as kubeseal would, with shai's labels and annotations. */
export function buildSealedSecret(input: SealedSecretInput): KubeObject {
  const { secret, scope } = input;
  const labels = { ...serviceLabels({ name: secret.service }), ...(secret.labels ?? {}) };
  const annotations = sorted({
    ...scopeAnnotations(scope),
    [CONFIG_PATH_ANNOTATION]: secret.configPath,
    [SERVICE_ANNOTATION]: secret.service,
  });
  const templateAnnotations = sorted({
    ...annotations,
    ...(input.rotatedAt ? { [ROTATED_AT_ANNOTATION]: input.rotatedAt } : {}),
  });
  return {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: { name: secret.name, namespace: secret.namespace, labels, annotations },
    spec: {
      encryptedData: sorted(input.encryptedData),
      template: {
        metadata: {
          name: secret.name,
          namespace: secret.namespace,
          labels,
          annotations: templateAnnotations,
        },
        type: 'Opaque',
      },
    },
  };
}

/** The scope a SealedSecret was sealed for, read from its annotations (cluster-wide wins, as in the controller). */
export function scopeOf(sealed: Pick<KubeObject, 'metadata'>): SealScope {
  const a = sealed.metadata.annotations ?? {};
  if (a[CLUSTER_WIDE_ANNOTATION] === 'true') return 'cluster-wide';
  if (a[NAMESPACE_WIDE_ANNOTATION] === 'true') return 'namespace-wide';
  return 'strict';
}

/** The encrypted values of a SealedSecret (empty when it has none). */
export function encryptedDataOf(sealed: KubeObject): Record<string, string> {
  const spec = sealed.spec as { encryptedData?: Record<string, string> } | undefined;
  return spec?.encryptedData ?? {};
}
