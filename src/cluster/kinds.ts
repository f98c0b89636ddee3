/** A kind doctor reads: how kubectl names it and where the API serves it. */
export interface KindInfo {
  kind: string;
  /**
   * The name doctor knows it by (analyzers' `needs`, what could not be read): the kind, or `Kind.group` when two
   * groups serve a kind of that name (Velero's and CloudNativePG's `Backup`).
   */
  key: string;
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

type Listed = Omit<KindInfo, 'key'>;

const core = (kind: string, apiVersion: string, plural: string, namespaced = true): Listed => ({
  kind,
  apiVersion,
  plural,
  kubectl: apiVersion.includes('/') ? `${plural}.${apiVersion.split('/')[0]}` : plural,
  namespaced,
  crd: false,
});

// A CRD's group is never empty, so its kubectl name is always the qualified one.
const crd = (kind: string, apiVersion: string, plural: string): Listed => ({
  ...core(kind, apiVersion, plural),
  crd: true,
});

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');

const LISTED: readonly Listed[] = [
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
  crd('Backup', 'velero.io/v1', 'backups'),
  crd('Schedule', 'velero.io/v1', 'schedules'),
  crd('Backup', 'postgresql.cnpg.io/v1', 'backups'),
  crd('ScheduledBackup', 'postgresql.cnpg.io/v1', 'scheduledbackups'),
];

/** The key of a kind of this group: the kind itself unless another listed group has a kind of that name. */
export function kindKey(kind: string, apiVersion: string): string {
  const clash = LISTED.filter((k) => k.kind === kind).length > 1;
  return clash ? `${kind}.${groupOf(apiVersion)}` : kind;
}

/** Every kind doctor reads, in the order of the dump command. Secrets are read separately (names and keys only). */
export const KINDS: readonly KindInfo[] = LISTED.map((k) => ({ ...k, key: kindKey(k.kind, k.apiVersion) }));

/** The Secret kind: read with values dropped. */
export const SECRET_KIND: KindInfo = { ...core('Secret', 'v1', 'secrets'), key: 'Secret' };

/** Looks a kind up by its key. */
export function kindInfo(key: string): KindInfo | undefined {
  return key === 'Secret' ? SECRET_KIND : KINDS.find((k) => k.key === key);
}
