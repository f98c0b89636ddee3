/**
 * The chart workloads that need host access, privileges or root by design, each with the admission rules it
 * really breaks and why. kyverno-policies turns every entry into one PolicyException (only those rules, only
 * that workload and its pods); the offline rules report the same workloads `skipped` with the same reason
 * (system.ts). Names are the charts' own (release name = service name), with Kyverno's `*` wildcard where the
 * chart or its operator generates them.
 */

/** One excepted workload: a controller (its pods match `<name>-*` too) or pods created directly by an operator. */
export interface WorkloadException {
  /** The service whose chart (or operator) creates it; only planned services get their exceptions. */
  service: string;
  /** The service's namespace (a test keeps it equal to the ServiceDef's). */
  namespace: string;
  kind: 'DaemonSet' | 'Deployment' | 'StatefulSet' | 'Job' | 'Pod';
  /** Object name, with Kyverno wildcards (`*`, `?`). */
  name: string;
  /** Ids of the admission rules it breaks. */
  rules: readonly string[];
  reason: string;
  /**
   * The names of its ReplicaSets and pods, where `<name>-*` would also match another workload's (the GPU
   * operator's `gpu-operator-*` would cover the node-feature-discovery pods).
   */
  childNames?: readonly string[];
}

/**
 * The exact ReplicaSet and pod names of a Deployment: `<name>-<pod-template-hash>` and `<that>-<5 characters>`.
 * The hash is a number of up to 10 digits written in letters and digits without `-`, so each `?` run is exact.
 */
export function deploymentChildNames(name: string): string[] {
  const hashes = Array.from({ length: 10 }, (_, i) => `${name}-${'?'.repeat(i + 1)}`);
  return [...hashes, ...hashes.map((rs) => `${rs}-?????`)];
}

// Chart containers without a securityContext break the rules that need one stated: runAsNonRoot, dropped
// capabilities, allowPrivilegeEscalation: false, a read-only root file system.
const BARE = ['run-as-non-root', 'drop-capabilities', 'no-privilege-escalation', 'read-only-root-fs'];
const PRIVILEGED = [...BARE, 'no-privileged'];
const HOST = [...PRIVILEGED, 'no-host-path'];
const HOST_PID = [...HOST, 'no-host-namespaces'];
// Pods an operator creates (Longhorn's instance/engine/share managers and CSI sidecars, the NVIDIA operands)
// carry no CPU/memory limits and their charts expose no values key for them; admission needs limits.
const UNLIMITED = 'resource-limits';

const LH = { service: 'longhorn', namespace: 'longhorn-system' } as const;
const LH_HOST = 'Longhorn storage: privileged access to host disks, /dev and iSCSI under /var/lib/longhorn';
const LH_BARE = 'Longhorn chart image without a securityContext (runs as root, default capabilities)';
const GPU = { service: 'gpu-operator', namespace: 'gpu-operator' } as const;
const GPU_HOST = 'NVIDIA GPU operand: installs or uses the driver, devices and containerd config on the host';

/** Every excepted chart workload, by service. */
export const WORKLOAD_EXCEPTIONS: readonly WorkloadException[] = [
  { ...LH, kind: 'DaemonSet', name: 'longhorn-manager', rules: [...HOST, UNLIMITED], reason: LH_HOST },
  { ...LH, kind: 'DaemonSet', name: 'longhorn-csi-plugin', rules: [...HOST, UNLIMITED], reason: LH_HOST },
  { ...LH, kind: 'DaemonSet', name: 'engine-image-ei-*', rules: [...HOST, UNLIMITED], reason: LH_HOST },
  { ...LH, kind: 'Pod', name: 'instance-manager-*', rules: [...HOST, UNLIMITED], reason: LH_HOST },
  { ...LH, kind: 'Pod', name: 'backing-image-manager-*', rules: [...HOST, UNLIMITED], reason: LH_HOST },
  { ...LH, kind: 'Pod', name: 'backing-image-ds-*', rules: [...HOST, UNLIMITED], reason: LH_HOST },
  {
    ...LH,
    kind: 'Pod',
    name: 'share-manager-*',
    rules: [...PRIVILEGED, UNLIMITED],
    reason: 'Longhorn RWX volumes: an NFS server per volume',
  },
  {
    ...LH,
    kind: 'Deployment',
    name: 'longhorn-driver-deployer',
    rules: [...BARE, UNLIMITED],
    reason: LH_BARE,
  },
  { ...LH, kind: 'Deployment', name: 'longhorn-ui', rules: [...BARE, UNLIMITED], reason: LH_BARE },
  { ...LH, kind: 'Deployment', name: 'csi-attacher', rules: [...BARE, UNLIMITED], reason: LH_BARE },
  { ...LH, kind: 'Deployment', name: 'csi-provisioner', rules: [...BARE, UNLIMITED], reason: LH_BARE },
  { ...LH, kind: 'Deployment', name: 'csi-resizer', rules: [...BARE, UNLIMITED], reason: LH_BARE },
  { ...LH, kind: 'Deployment', name: 'csi-snapshotter', rules: [...BARE, UNLIMITED], reason: LH_BARE },
  // A post-upgrade hook, which Argo CD runs as PostSync after every sync (the chart has no switch for it).
  { ...LH, kind: 'Job', name: 'longhorn-post-upgrade', rules: [...BARE, UNLIMITED], reason: LH_BARE },
  {
    ...GPU,
    kind: 'Deployment',
    name: 'gpu-operator',
    // Its chart template states no securityContext (no values key for one) and mounts /etc/os-release.
    rules: [...BARE, 'no-host-path'],
    reason: 'NVIDIA GPU operator: reads the host OS release to pick the operand images for the node',
    childNames: deploymentChildNames('gpu-operator'),
  },
  {
    ...GPU,
    kind: 'DaemonSet',
    name: 'nvidia-driver-daemonset',
    rules: [...HOST_PID, UNLIMITED],
    reason: GPU_HOST,
  },
  {
    ...GPU,
    kind: 'DaemonSet',
    name: 'nvidia-container-toolkit-daemonset',
    rules: [...HOST_PID, UNLIMITED],
    reason: GPU_HOST,
  },
  {
    ...GPU,
    kind: 'DaemonSet',
    name: 'nvidia-mig-manager',
    rules: [...HOST_PID, UNLIMITED],
    reason: GPU_HOST,
  },
  {
    ...GPU,
    kind: 'DaemonSet',
    name: 'nvidia-device-plugin-daemonset',
    rules: [...HOST, UNLIMITED],
    reason: GPU_HOST,
  },
  { ...GPU, kind: 'DaemonSet', name: 'gpu-feature-discovery', rules: [...HOST, UNLIMITED], reason: GPU_HOST },
  { ...GPU, kind: 'DaemonSet', name: 'nvidia-dcgm-exporter', rules: [...HOST, UNLIMITED], reason: GPU_HOST },
  {
    ...GPU,
    kind: 'DaemonSet',
    name: 'nvidia-operator-validator',
    rules: [...HOST, UNLIMITED],
    reason: GPU_HOST,
  },
  {
    ...GPU,
    kind: 'DaemonSet',
    name: 'nvidia-node-status-exporter',
    rules: [...HOST, UNLIMITED],
    reason: GPU_HOST,
  },
  {
    ...GPU,
    kind: 'Pod',
    name: 'nvidia-cuda-validator-*',
    rules: [...BARE, UNLIMITED],
    reason: 'one-shot CUDA workload the validator starts',
  },
  {
    ...GPU,
    kind: 'DaemonSet',
    name: 'gpu-operator-node-feature-discovery-worker',
    rules: ['no-host-path'],
    reason: 'Node Feature Discovery reads /proc, /sys and /etc/os-release of the host to label GPU nodes',
  },
  {
    service: 'alloy',
    namespace: 'monitoring',
    kind: 'DaemonSet',
    name: 'alloy',
    rules: ['no-host-path', ...BARE],
    reason: 'reads container logs from the host path /var/log/pods as root',
  },
  {
    service: 'kube-prometheus-stack',
    namespace: 'monitoring',
    kind: 'DaemonSet',
    name: 'kube-prometheus-stack-prometheus-node-exporter',
    // Its chart runs it as user 65534 with a read-only root, but states no dropped capabilities or escalation.
    rules: ['no-host-path', 'no-host-namespaces', 'drop-capabilities', 'no-privilege-escalation'],
    reason: 'node-exporter uses the host network, PID namespace and root filesystem',
  },
  {
    service: 'velero',
    namespace: 'backup',
    kind: 'DaemonSet',
    name: 'node-agent',
    rules: ['no-host-path', 'run-as-non-root', 'drop-capabilities'],
    reason: 'the node agent reads pod volumes from the host for file-system backups',
  },
];
