import type { KubeObject } from '../../k8s/object.ts';
import { deliveryOf, destinationOf } from '../delivery.ts';
import { isObject, type Yaml } from '../../semantics/pods.ts';
import type { StandIn } from './types.ts';

/*
 * The operand DaemonSets the NVIDIA GPU operator creates from its ClusterPolicy, rebuilt from NVIDIA/gpu-operator at
 * tag v25.10.1 (the chart version shai pins). What decides their admission is recorded here from the assets, per
 * DaemonSet: host namespaces, hostPath volumes, containers and their securityContext
 * (assets/<state>/*_daemonset.yaml); the rest comes from the ClusterPolicy as the operator applies it
 * (controllers/object_controls.go): the image `<repository>/<image>:<version>` of the component
 * (api/nvidia/v1/clusterpolicy_types.go imagePath), its `resources` on the regular containers only (init
 * containers get none), validation init containers the validator image and runAsUser 0
 * (transformValidationInitContainer), the operands' tolerations and priority class (`daemonsets`). A state is
 * deployed when its component is enabled (state_manager.go isStateEnabled; an unset `enabled` counts as the
 * default of the component's IsEnabled). The operator applies the states in order and stops at the first one the
 * API server refuses (clusterpolicy_controller.go), so a refused operand also keeps every later one away.
 * Not modelled: the sandbox (VM) states, which need sandboxWorkloads.enabled, and the pods the validator starts.
 */

const SOURCE = 'NVIDIA/gpu-operator v25.10.1 assets/';

interface OperandContainer {
  name: string;
  init?: boolean;
  /** ClusterPolicy component whose image the operator sets (default: the operand's own). */
  image?: string;
  privileged?: boolean;
  runAsRoot?: boolean;
}

interface Operand {
  state: string;
  asset: string;
  name: string;
  /** ClusterPolicy key of the component, and whether it is deployed when `enabled` is unset. */
  component: string;
  enabledByDefault: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  hostPaths: readonly string[];
  containers: readonly OperandContainer[];
}

const VALIDATION = (name: string): OperandContainer => ({
  name,
  init: true,
  image: 'validator',
  privileged: true,
  runAsRoot: true,
});
const CONFIG_INIT: OperandContainer = { name: 'config-manager-init', init: true, image: 'devicePlugin' };
const CONFIG: OperandContainer = { name: 'config-manager', image: 'devicePlugin', privileged: true };

/** The operands of a container-workload cluster, in the operator's state order (state_manager.go addState). */
const OPERANDS: readonly Operand[] = [
  {
    state: 'state-driver',
    asset: 'state-driver/0500_daemonset.yaml',
    name: 'nvidia-driver-daemonset',
    component: 'driver',
    enabledByDefault: true,
    hostPID: true,
    hostPaths: ['/run/nvidia', '/var/log', '/dev/log', '/etc/os-release', '/', '/sys'],
    containers: [
      { name: 'k8s-driver-manager', init: true, privileged: true },
      { name: 'nvidia-driver-ctr', privileged: true },
    ],
  },
  {
    state: 'state-container-toolkit',
    asset: 'state-container-toolkit/0500_daemonset.yaml',
    name: 'nvidia-container-toolkit-daemonset',
    component: 'toolkit',
    enabledByDefault: true,
    hostPID: true,
    hostPaths: [
      '/run/nvidia/toolkit',
      '/run/nvidia/validations',
      '/run/nvidia/driver',
      '/',
      '/usr/local/nvidia',
      '/dev/char',
    ],
    containers: [VALIDATION('driver-validation'), { name: 'nvidia-container-toolkit-ctr', privileged: true }],
  },
  {
    state: 'state-operator-validation',
    asset: 'state-operator-validation/0500_daemonset.yaml',
    name: 'nvidia-operator-validator',
    component: 'validator',
    enabledByDefault: true,
    hostPaths: ['/run/nvidia/validations', '/run/nvidia/driver', '/', '/dev/char'],
    containers: [
      VALIDATION('driver-validation'),
      VALIDATION('toolkit-validation'),
      VALIDATION('cuda-validation'),
      VALIDATION('plugin-validation'),
      { name: 'nvidia-operator-validator', privileged: true },
    ],
  },
  {
    state: 'state-device-plugin',
    asset: 'state-device-plugin/0500_daemonset.yaml',
    name: 'nvidia-device-plugin-daemonset',
    component: 'devicePlugin',
    enabledByDefault: true,
    hostPaths: [
      '/var/lib/kubelet/device-plugins',
      '/run/nvidia/validations',
      '/run/nvidia/driver',
      '/',
      '/var/run/cdi',
    ],
    containers: [
      VALIDATION('toolkit-validation'),
      CONFIG_INIT,
      { name: 'nvidia-device-plugin', privileged: true },
      CONFIG,
    ],
  },
  {
    state: 'state-mps-control-daemon',
    asset: 'state-mps-control-daemon/0400_daemonset.yaml',
    name: 'nvidia-device-plugin-mps-control-daemon',
    component: 'devicePlugin',
    enabledByDefault: true,
    hostPID: true,
    hostPaths: ['/run/nvidia', '/run/nvidia/mps', '/run/nvidia/mps/shm'],
    containers: [
      VALIDATION('toolkit-validation'),
      { name: 'mps-control-daemon-mounts', init: true, privileged: true },
      CONFIG_INIT,
      { name: 'mps-control-daemon-ctr', privileged: true },
      CONFIG,
    ],
  },
  {
    state: 'state-dcgm',
    asset: 'state-dcgm/0400_dcgm.yml',
    name: 'nvidia-dcgm',
    component: 'dcgm',
    enabledByDefault: true,
    hostPaths: ['/run/nvidia'],
    containers: [VALIDATION('toolkit-validation'), { name: 'nvidia-dcgm-ctr', privileged: true }],
  },
  {
    state: 'state-dcgm-exporter',
    asset: 'state-dcgm-exporter/0800_daemonset.yaml',
    name: 'nvidia-dcgm-exporter',
    component: 'dcgmExporter',
    enabledByDefault: true,
    hostPaths: ['/var/lib/kubelet/pod-resources', '/run/nvidia'],
    containers: [VALIDATION('toolkit-validation'), { name: 'nvidia-dcgm-exporter', privileged: true }],
  },
  {
    state: 'gpu-feature-discovery',
    asset: 'gpu-feature-discovery/0500_daemonset.yaml',
    name: 'gpu-feature-discovery',
    component: 'gfd',
    enabledByDefault: true,
    hostPaths: ['/etc/kubernetes/node-feature-discovery/features.d', '/sys', '/run/nvidia'],
    containers: [
      VALIDATION('toolkit-validation'),
      CONFIG_INIT,
      { name: 'gpu-feature-discovery', privileged: true },
      CONFIG,
    ],
  },
  {
    state: 'state-mig-manager',
    asset: 'state-mig-manager/0600_daemonset.yaml',
    name: 'nvidia-mig-manager',
    component: 'migManager',
    enabledByDefault: true,
    hostPID: true,
    hostIPC: true,
    hostPaths: ['/sys', '/run/nvidia/validations', '/run/nvidia/driver', '/', '/var/run/cdi'],
    containers: [VALIDATION('toolkit-validation'), { name: 'nvidia-mig-manager', privileged: true }],
  },
  {
    state: 'state-node-status-exporter',
    asset: 'state-node-status-exporter/0700_daemonset.yaml',
    name: 'nvidia-node-status-exporter',
    component: 'nodeStatusExporter',
    enabledByDefault: false,
    hostPaths: ['/run/nvidia', '/'],
    containers: [{ name: 'nvidia-node-status-exporter', privileged: true }],
  },
];

/** Stand-in operand DaemonSets for a ClusterPolicy, in the namespace of the Application that delivers it. */
export const gpuOperands: StandIn = {
  kinds: ['ClusterPolicy'],
  build(cp, objects) {
    if (!String(cp.object.apiVersion).startsWith('nvidia.com/')) return [];
    const app = deliveryOf(objects).by(cp);
    const namespace = app && destinationOf(app).namespace;
    if (!namespace) return [];
    const spec: Yaml = isObject(cp.object.spec) ? cp.object.spec : {};
    return OPERANDS.filter((o) => enabled(spec[o.component], o.enabledByDefault)).map((o) => ({
      object: daemonSet(o, spec, namespace),
      ...(cp.file !== undefined ? { file: cp.file } : {}),
      ...(cp.line !== undefined ? { line: cp.line } : {}),
      standIn: `the ${o.name} DaemonSet the GPU operator creates from ClusterPolicy ${cp.object.metadata?.name} (${SOURCE}${o.asset})`,
    }));
  },
};

function enabled(component: Yaml, byDefault: boolean): boolean {
  return typeof component?.enabled === 'boolean' ? component.enabled : byDefault;
}

function daemonSet(o: Operand, spec: Yaml, namespace: string): KubeObject {
  const ds: Yaml = isObject(spec.daemonsets) ? spec.daemonsets : {};
  const container = (c: OperandContainer) => {
    const component: Yaml = spec[c.image ?? o.component] ?? {};
    const resources: Yaml =
      !c.init && isObject(spec[o.component]?.resources) ? spec[o.component].resources : undefined;
    const sc = { ...(c.privileged ? { privileged: true } : {}), ...(c.runAsRoot ? { runAsUser: 0 } : {}) };
    return {
      name: c.name,
      image: imagePath(component),
      ...(resources ? { resources } : {}),
      ...(Object.keys(sc).length ? { securityContext: sc } : {}),
    };
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: o.name, namespace, labels: { app: o.name } },
    spec: {
      selector: { matchLabels: { app: o.name } },
      template: {
        metadata: { labels: { app: o.name } },
        spec: {
          ...(o.hostPID ? { hostPID: true } : {}),
          ...(o.hostIPC ? { hostIPC: true } : {}),
          ...(Array.isArray(ds.tolerations) ? { tolerations: ds.tolerations } : {}),
          ...(typeof ds.priorityClassName === 'string' ? { priorityClassName: ds.priorityClassName } : {}),
          initContainers: o.containers.filter((c) => c.init).map(container),
          containers: o.containers.filter((c) => !c.init).map(container),
          volumes: o.hostPaths.map((path, i) => ({ name: `host-${i}`, hostPath: { path } })),
        },
      },
    },
  };
}

/** clusterpolicy_types.go imagePath: `<repository>/<image>:<version>` (`@` for a sha256 version), or the image alone. */
function imagePath(c: Yaml): string {
  const { repository = '', image = '', version = '' } = isObject(c) ? c : {};
  if (!repository && !version) return String(image);
  return `${repository}/${image}${String(version).startsWith('sha256:') ? '@' : ':'}${version}`;
}
