import type { Config, NodeConfig } from '../config/schema.ts';
import type { ServiceDef } from '../services/types.ts';
import type { Placement } from './types.ts';

type Toleration = Placement['tolerations'][number];

/** Labels a node carries once k3s, the install and the GPU operator have run: what selectors can match. */
export function nodeLabels(node: NodeConfig): Record<string, string> {
  const labels: Record<string, string> = {
    'kubernetes.io/arch': node.arch,
    'kubernetes.io/hostname': node.name,
    'kubernetes.io/os': 'linux',
  };
  for (const role of node.roles) labels[`node-role.kubernetes.io/${role}`] = 'true';
  Object.assign(labels, node.labels);
  // GPU feature discovery labels every node with an NVIDIA GPU; the operator's operands select on it.
  if (nvidiaGpus(node) > 0) labels['nvidia.com/gpu.present'] = 'true';
  return labels;
}

/** NVIDIA GPU cards in the node. */
function nvidiaGpus(node: NodeConfig): number {
  return node.gpus.filter((g) => g.vendor === 'nvidia').reduce((n, g) => n + g.count, 0);
}

/** `nvidia.com/gpu` the device plugin advertises: cards × time-slicing replicas. */
export function gpuSlices(node: NodeConfig): number {
  return node.gpus
    .filter((g) => g.vendor === 'nvidia')
    .reduce((n, g) => n + g.count * (g.sharing.strategy === 'time-slicing' ? g.sharing.replicas : 1), 0);
}

/** What the scheduler can hand out on the node (kubelet default of 110 pods). */
export function nodeAllocatable(node: NodeConfig): Record<string, string> {
  const out: Record<string, string> = { cpu: String(node.cpu), memory: node.memory, pods: '110' };
  const slices = gpuSlices(node);
  if (slices > 0) out['nvidia.com/gpu'] = String(slices);
  return out;
}

/** A GPU node that is not also a control-plane or storage node: general workloads stay off it. */
export function isGpuOnly(node: NodeConfig): boolean {
  return (
    nvidiaGpus(node) > 0 &&
    node.roles.includes('gpu') &&
    !node.roles.some((r) => r === 'control-plane' || r === 'storage')
  );
}

/** Tolerations for every NoSchedule/NoExecute taint of the given nodes, deduplicated and sorted. */
function tolerate(nodes: readonly NodeConfig[]): Toleration[] {
  const seen = new Map<string, Toleration>();
  for (const t of nodes.flatMap((n) => n.taints)) {
    if (t.effect === 'PreferNoSchedule') continue;
    const tol: Toleration =
      t.value === undefined
        ? { key: t.key, operator: 'Exists', effect: t.effect }
        : { key: t.key, operator: 'Equal', value: t.value, effect: t.effect };
    seen.set(JSON.stringify(tol), tol);
  }
  return [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, t]) => t);
}

/** Can a pod without tolerations run there? */
function untainted(node: NodeConfig): boolean {
  return !node.taints.some((t) => t.effect !== 'PreferNoSchedule');
}

/** Where the pods of a service go, from the nodes and GPUs of platform.yaml and its `node` override. */
export function placeService(def: ServiceDef, config: Config): Placement {
  const all = config.cluster.nodes;
  const pinned = config.services[def.name]?.node;
  const archOk = (n: NodeConfig) => !def.archs || def.archs.includes(n.arch);
  const nodeSelector: Record<string, string> = {};
  // Pin the architecture only when the cluster mixes them and the image lacks one.
  if (def.archs && all.some((n) => !archOk(n))) nodeSelector['kubernetes.io/arch'] = def.archs[0]!;
  if (pinned) nodeSelector['kubernetes.io/hostname'] = pinned;
  const gpuNodes = all.filter((n) => nvidiaGpus(n) > 0);
  const usesGpu = def.gpu && (def.gpu.mode === 'required' || gpuNodes.length > 0);
  if (usesGpu) {
    const nodes = gpuNodes.filter((n) => archOk(n) && (!pinned || n.name === pinned));
    return {
      nodeSelector: { ...nodeSelector, 'nvidia.com/gpu.present': 'true' },
      tolerations: tolerate(nodes),
      runtimeClassName: 'nvidia',
      gpuSlices: def.gpu!.slices,
      nodes: nodes.map((n) => n.name).sort(),
    };
  }
  if (def.perNode) {
    const nodes = all.filter(archOk);
    return {
      nodeSelector,
      tolerations: tolerate(nodes),
      gpuSlices: 0,
      nodes: nodes.map((n) => n.name).sort(),
    };
  }
  if (pinned) {
    const nodes = all.filter((n) => n.name === pinned && archOk(n));
    return { nodeSelector, tolerations: tolerate(nodes), gpuSlices: 0, nodes: nodes.map((n) => n.name) };
  }
  const general = all.filter((n) => !isGpuOnly(n));
  // Keep general workloads off GPU-only nodes, unless those are all there is.
  const avoid =
    general.length > 0
      ? all
          .filter(isGpuOnly)
          .map((n) => n.name)
          .sort()
      : [];
  const nodes = all.filter((n) => archOk(n) && untainted(n) && !avoid.includes(n.name));
  return {
    nodeSelector,
    tolerations: [],
    ...(avoid.length
      ? { nodeAffinity: [{ key: 'kubernetes.io/hostname', operator: 'NotIn' as const, values: avoid }] }
      : {}),
    gpuSlices: 0,
    nodes: nodes.map((n) => n.name).sort(),
  };
}
