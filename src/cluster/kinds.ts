/** A kind doctor reads: how kubectl names it and where the API serves it. */
export interface KindInfo {
  kind: string;
  /** `v1`, `apps/v1`, `argoproj.io/v1alpha1`. */
  apiVersion: string;
  /** Plural resource name in the API path. */
  plural: string;
  /** The name kubectl accepts; fully qualified for CRDs so it never hits a same-named kind. */
  kubectl: string;
  namespaced: boolean;
  /** Installed by a chart, not by Kubernetes: may be absent from a cluster. */
  crd: boolean;
}

const core = (kind: string, apiVersion: string, plural: string, namespaced = true): KindInfo => ({
  kind,
  apiVersion,
  plural,
  kubectl: apiVersion.includes('/') ? `${plural}.${apiVersion.split('/')[0]}` : plural,
  namespaced,
  crd: false,
});

// A CRD's group is never empty, so its kubectl name is always the qualified one.
const crd = (kind: string, apiVersion: string, plural: string): KindInfo => ({
  ...core(kind, apiVersion, plural),
  crd: true,
});

/** Every kind doctor reads, in the order of the dump command. Secrets are read separately (names and keys only). */
export const KINDS: readonly KindInfo[] = [
  core('Node', 'v1', 'nodes', false),
  core('Namespace', 'v1', 'namespaces', false),
  core('Pod', 'v1', 'pods'),
  core('Event', 'v1', 'events'),
  core('Service', 'v1', 'services'),
  core('Endpoints', 'v1', 'endpoints'),
  core('ConfigMap', 'v1', 'configmaps'),
  core('PersistentVolumeClaim', 'v1', 'persistentvolumeclaims'),
  core('PersistentVolume', 'v1', 'persistentvolumes', false),
  core('ResourceQuota', 'v1', 'resourcequotas'),
  core('Deployment', 'apps/v1', 'deployments'),
  core('ReplicaSet', 'apps/v1', 'replicasets'),
  core('StatefulSet', 'apps/v1', 'statefulsets'),
  core('DaemonSet', 'apps/v1', 'daemonsets'),
  core('Job', 'batch/v1', 'jobs'),
  core('Ingress', 'networking.k8s.io/v1', 'ingresses'),
  core('StorageClass', 'storage.k8s.io/v1', 'storageclasses', false),
  core('RuntimeClass', 'node.k8s.io/v1', 'runtimeclasses', false),
  crd('Application', 'argoproj.io/v1alpha1', 'applications'),
  crd('Certificate', 'cert-manager.io/v1', 'certificates'),
  crd('IngressRoute', 'traefik.io/v1alpha1', 'ingressroutes'),
  crd('Volume', 'longhorn.io/v1beta2', 'volumes'),
];

/** The Secret kind: read with values dropped. */
export const SECRET_KIND: KindInfo = core('Secret', 'v1', 'secrets');

/** Looks a kind up by name. */
export function kindInfo(kind: string): KindInfo | undefined {
  return kind === 'Secret' ? SECRET_KIND : KINDS.find((k) => k.kind === kind);
}
