import type { NodeConfig } from './schema.ts';

/** Node label that picks the NVIDIA device plugin's config (a key of the time-slicing ConfigMap) for one node. */
export const NODE_CONFIG_LABEL = 'nvidia.com/device-plugin.config';

type Gpu = NodeConfig['gpus'][number];

const slug = (model: string) =>
  model
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const replicasOf = (g: Gpu) => (g.sharing.strategy === 'time-slicing' ? g.sharing.replicas : 1);

/** Nodes with NVIDIA GPUs, in platform.yaml order, each with the key of its (first) GPU's device-plugin config. */
export function gpuNodes(
  nodes: readonly NodeConfig[],
): { node: NodeConfig; index: number; gpu: Gpu; key: string }[] {
  const list = nodes.flatMap((node, index) => {
    const gpu = node.gpus.find((g) => g.vendor === 'nvidia');
    return gpu ? [{ node, index, gpu }] : [];
  });
  // The same model shared differently on two nodes needs two configs: the key then names the replicas.
  const settings = new Map<string, Set<number>>();
  for (const { gpu } of list)
    settings.set(slug(gpu.model), (settings.get(slug(gpu.model)) ?? new Set()).add(replicasOf(gpu)));
  return list.map((e) => {
    const s = slug(e.gpu.model);
    return { ...e, key: settings.get(s)!.size > 1 ? `${s}-x${replicasOf(e.gpu)}` : s };
  });
}

/**
 * GPU nodes whose device-plugin config is not the default (the first GPU node's) and that do not select
 * theirs with the node label: without it the plugin would advertise the wrong number of slices. The same
 * label must be set on the real node (k3s `--node-label`), since the plugin reads it there.
 */
export function missingConfigLabels(
  nodes: readonly NodeConfig[],
): { node: NodeConfig; index: number; gpu: Gpu; key: string; label: string | undefined }[] {
  const gpus = gpuNodes(nodes);
  const def = gpus[0]?.key;
  return gpus
    .map((g) => ({ ...g, label: g.node.labels[NODE_CONFIG_LABEL] }))
    .filter((g) => (g.label ?? def) !== g.key);
}
