import { BARE, HOST, PRIVILEGED, UNLIMITED, chart, hook, made, servicePods } from './types.ts';

const HOST_ACCESS =
  'Longhorn storage: privileged access to host disks, /dev and iSCSI under /var/lib/longhorn';
const NO_CONTEXT = 'Longhorn chart image without a securityContext (runs as root, default capabilities)';
const MANAGER = 'longhorn-manager';
const DRIVER = 'longhorn-driver-deployer';

/** Longhorn 1.12: the chart's manager, driver deployer and UI, and what the manager and deployer create. */
export const longhornPods = servicePods('longhorn', 'longhorn-system', [
  chart('DaemonSet', 'longhorn-manager', { rules: [...HOST, UNLIMITED], reason: HOST_ACCESS }),
  chart('Deployment', 'longhorn-driver-deployer', { rules: [...BARE, UNLIMITED], reason: NO_CONTEXT }),
  chart('Deployment', 'longhorn-ui', { rules: [...BARE, UNLIMITED], reason: NO_CONTEXT }),
  // A post-upgrade hook, which Argo CD runs as PostSync after every sync (the chart has no switch for it).
  hook('Job', 'longhorn-post-upgrade', 'PostSync', { rules: [...BARE, UNLIMITED], reason: NO_CONTEXT }),
  // pre-delete: Argo CD runs it when the Application is deleted. The pre-upgrade checker Job is off (longhorn-values.ts).
  hook('Job', 'longhorn-uninstall', 'PreDelete', { rules: [...BARE, UNLIMITED], reason: NO_CONTEXT }),
  made('DaemonSet', 'longhorn-csi-plugin', DRIVER, 'the CSI driver it deploys', {
    rules: [...HOST, UNLIMITED],
    reason: HOST_ACCESS,
  }),
  ...['csi-attacher', 'csi-provisioner', 'csi-resizer', 'csi-snapshotter'].map((name) =>
    made('Deployment', name, DRIVER, 'the CSI driver it deploys', {
      rules: [...BARE, UNLIMITED],
      reason: NO_CONTEXT,
    }),
  ),
  made('DaemonSet', 'engine-image-ei-*', MANAGER, 'the engine image setting', {
    rules: [...HOST, UNLIMITED],
    reason: HOST_ACCESS,
  }),
  ...['instance-manager-*', 'backing-image-manager-*', 'backing-image-ds-*'].map((name) =>
    made('Pod', name, MANAGER, 'each node and volume', {
      rules: [...HOST, UNLIMITED],
      reason: HOST_ACCESS,
    }),
  ),
  made('Pod', 'share-manager-*', MANAGER, 'each ReadWriteMany volume', {
    rules: [...PRIVILEGED, UNLIMITED],
    reason: 'Longhorn RWX volumes: an NFS server per volume',
  }),
]);
