import {
  BARE,
  HOST,
  HOST_PID,
  UNLIMITED,
  chart,
  deploymentChildNames,
  deployments,
  hook,
  made,
  servicePods,
} from './types.ts';

const OPERAND = 'NVIDIA GPU operand: installs or uses the driver, devices and containerd config on the host';
const OPERATOR = 'gpu-operator';
const POLICY = 'ClusterPolicy cluster-policy';
const operand = (name: string, rules: readonly string[]) =>
  made('DaemonSet', name, OPERATOR, POLICY, { rules, reason: OPERAND });

/** NVIDIA GPU operator v25.10 with its node-feature-discovery subchart, and the operands it runs per GPU node. */
export const gpuOperatorPods = servicePods('gpu-operator', 'gpu-operator', [
  chart('Deployment', 'gpu-operator', {
    // Its chart template states no securityContext (no values key for one) and mounts /etc/os-release.
    rules: [...BARE, 'no-host-path'],
    reason: 'NVIDIA GPU operator: reads the host OS release to pick the operand images for the node',
    childNames: deploymentChildNames('gpu-operator'),
  }),
  ...deployments('gpu-operator-node-feature-discovery-master', 'gpu-operator-node-feature-discovery-gc'),
  chart('DaemonSet', 'gpu-operator-node-feature-discovery-worker', {
    rules: ['no-host-path'],
    reason: 'Node Feature Discovery reads /proc, /sys and /etc/os-release of the host to label GPU nodes',
  }),
  // post-delete: Argo CD runs it after deleting the Application. The upgrade-crd PreSync Job is off (gpu-values.ts).
  hook('Job', 'gpu-operator-node-feature-discovery-prune', 'PostDelete', {
    rules: [UNLIMITED],
    reason:
      'the node-feature-discovery prune Job sets no container resources (its template puts master.resources on the pod)',
  }),
  operand('nvidia-driver-daemonset', [...HOST_PID, UNLIMITED]),
  operand('nvidia-container-toolkit-daemonset', [...HOST_PID, UNLIMITED]),
  operand('nvidia-mig-manager', [...HOST_PID, UNLIMITED]),
  operand('nvidia-device-plugin-daemonset', [...HOST, UNLIMITED]),
  // deployed with the device plugin (state_manager.go isStateEnabled); it runs only on nodes labelled MPS-capable
  operand('nvidia-device-plugin-mps-control-daemon', [...HOST_PID, UNLIMITED]),
  operand('gpu-feature-discovery', [...HOST, UNLIMITED]),
  operand('nvidia-dcgm-exporter', [...HOST, UNLIMITED]),
  operand('nvidia-operator-validator', [...HOST, UNLIMITED]),
  operand('nvidia-node-status-exporter', [...HOST, UNLIMITED]),
  made('Pod', 'nvidia-cuda-validator-*', 'nvidia-operator-validator', 'each GPU node', {
    rules: [...BARE, UNLIMITED],
    reason: 'one-shot CUDA workload the validator starts',
  }),
]);
