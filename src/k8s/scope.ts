import { crdScope } from './schemas.ts';

/*
 * Which kinds are cluster-scoped. Argo CD asks the cluster's discovery API; offline, the built-in kinds come
 * from the Kubernetes OpenAPI paths (a kind is namespaced when it is created under /namespaces/{namespace}/),
 * the vendored CRDs from their `scope`, and CRDs in the checked tree from theirs.
 */

/** Built-in cluster-scoped kinds by `group/kind` (core group: empty), of Kubernetes 1.33's GA APIs. */
const CLUSTER_SCOPED = new Set([
  'admissionregistration.k8s.io/MutatingAdmissionPolicy',
  'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'authentication.k8s.io/SelfSubjectReview',
  'authentication.k8s.io/TokenReview',
  'authorization.k8s.io/SelfSubjectAccessReview',
  'authorization.k8s.io/SelfSubjectRulesReview',
  'authorization.k8s.io/SubjectAccessReview',
  'certificates.k8s.io/CertificateSigningRequest',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'networking.k8s.io/IPAddress',
  'networking.k8s.io/IngressClass',
  'networking.k8s.io/ServiceCIDR',
  'node.k8s.io/RuntimeClass',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'resource.k8s.io/DeviceClass',
  'resource.k8s.io/ResourceSlice',
  'scheduling.k8s.io/PriorityClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/VolumeAttachment',
  'storage.k8s.io/VolumeAttributesClass',
  '/ComponentStatus',
  '/Namespace',
  '/Node',
  '/PersistentVolume',
]);

/** The API group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Scopes of the CRDs in a tree, by `group/kind`, to pass to isClusterScoped. */
export type TreeScopes = ReadonlyMap<string, string>;

/**
 * True when objects of apiVersion/kind have no namespace; false when namespaced; undefined when shai cannot tell
 * (a custom resource whose CRD is neither vendored nor in the tree).
 */
export function isClusterScoped(apiVersion: string, kind: string, tree?: TreeScopes): boolean | undefined {
  const gk = `${groupOf(apiVersion)}/${kind}`;
  if (CLUSTER_SCOPED.has(gk)) return true;
  const scope = tree?.get(gk) ?? crdScope(apiVersion, kind);
  if (scope) return scope === 'Cluster';
  // a built-in group without a dot (apps, batch, policy, core) or *.k8s.io is namespaced unless listed above
  const group = groupOf(apiVersion);
  if (!group.includes('.') || group.endsWith('.k8s.io')) return false;
  return undefined;
}
