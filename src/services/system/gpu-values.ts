import { resources } from '../helpers.ts';
import type { NodeConfig } from '../../config/schema.ts';
import { gpuNodes, missingConfigLabels, NODE_CONFIG_LABEL } from '../../config/device-plugin.ts';
import { InternalError } from '../../errors.ts';
import { toYaml } from '../../k8s/yaml.ts';
import type { KubeObject } from '../../k8s/object.ts';
import { objectMeta } from '../../k8s/meta.ts';
import type { BuildContext } from '../types.ts';

/** The ConfigMap of device-plugin configs, one key per GPU model (`devicePlugin.config.name`). */
export const TIME_SLICING_CONFIG = 'time-slicing-config';
export { NODE_CONFIG_LABEL };

/** k3s's embedded containerd, which the toolkit must configure instead of the stock /etc/containerd. */
export const K3S_CONTAINERD = {
  config: '/var/lib/rancher/k3s/agent/etc/containerd/config.toml',
  socket: '/run/k3s/containerd/containerd.sock',
};

type Gpu = NodeConfig['gpus'][number];

/** One device-plugin config: time-slicing with the model's replicas, or plain (one pod per GPU). */
function devicePluginConfig(gpu: Gpu): string {
  const base = { version: 'v1', flags: { migStrategy: 'none' } };
  if (gpu.sharing.strategy !== 'time-slicing') return toYaml(base);
  return toYaml({
    ...base,
    sharing: {
      timeSlicing: {
        // Keep advertising `nvidia.com/gpu` (the plan requests that resource) rather than `nvidia.com/gpu.shared`.
        renameByDefault: false,
        failRequestsGreaterThanOne: false,
        resources: [{ name: 'nvidia.com/gpu', replicas: gpu.sharing.replicas }],
      },
    },
  });
}

/**
 * The default config is the one of the first GPU node. A node whose GPU needs another config must say so
 * with the label `nvidia.com/device-plugin.config: <key>` under its `labels` in platform.yaml; the config
 * rule device-plugin-config refuses the platform otherwise, so this only guards the invariant.
 */
export function defaultConfigKey(nodes: readonly NodeConfig[]): string | undefined {
  const [missing] = missingConfigLabels(nodes);
  if (missing)
    throw new InternalError(
      `node ${missing.node.name} has no ${NODE_CONFIG_LABEL} label for "${missing.key}"`,
    );
  return gpuNodes(nodes)[0]?.key;
}

/** The time-slicing ConfigMap built from the GPUs of platform.yaml; absent without NVIDIA GPUs. */
export function timeSlicingConfigMap({ plan, self }: BuildContext): KubeObject[] {
  const gpus = gpuNodes(plan.config.cluster.nodes);
  if (!gpus.length) return [];
  const data: Record<string, string> = {};
  for (const { gpu, key } of gpus) data[key] = devicePluginConfig(gpu);
  return [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: objectMeta(self, TIME_SLICING_CONFIG), data }];
}

/** Limits for the node-feature-discovery subchart's pods (admission requires CPU and memory limits). */
export const NFD_RESOURCES = {
  master: { resources: resources('50m', '128Mi', '500m', '512Mi') },
  worker: { resources: resources('10m', '64Mi', '200m', '512Mi') },
  gc: { resources: resources('10m', '64Mi', '100m', '256Mi') },
} as const;

/** Chart values (gpu-operator v25.10) for k3s. */
export function gpuOperatorValues({ plan, self }: BuildContext): Record<string, unknown> {
  const nodes = plan.config.cluster.nodes;
  const gpus = gpuNodes(nodes);
  const key = defaultConfigKey(nodes);
  return {
    // upgradeCRD renders a pre-upgrade hook Job, which Argo CD runs as PreSync on every sync, without a
    // securityContext or limits (refused by the enforced policies); Argo CD applies the chart's crds/ already.
    operator: { runtimeClass: 'nvidia', resources: self.resources, upgradeCRD: false },
    // A driver container on a node whose host already loads the NVIDIA module conflicts with it; nodes with
    // `driver: host` in a mixed cluster also need the label nvidia.com/gpu.deploy.driver=false.
    driver: { enabled: gpus.some((g) => g.gpu.driver === 'operator') },
    toolkit: {
      enabled: true,
      env: [
        { name: 'CONTAINERD_CONFIG', value: K3S_CONTAINERD.config },
        { name: 'CONTAINERD_SOCKET', value: K3S_CONTAINERD.socket },
        // The runtime class handler the toolkit registers; GPU pods use runtimeClassName nvidia.
        { name: 'CONTAINERD_RUNTIME_CLASS', value: 'nvidia' },
      ],
    },
    ...(key ? { devicePlugin: { config: { name: TIME_SLICING_CONFIG, default: key } } } : {}),
    dcgmExporter: { serviceMonitor: { enabled: true } },
    // The node-feature-discovery subchart's defaults (master/worker/gc `.resources`) set a memory limit but
    // no CPU limit; admission requires both. Its securityContext defaults already run as non-root, drop ALL.
    'node-feature-discovery': NFD_RESOURCES,
  };
}
