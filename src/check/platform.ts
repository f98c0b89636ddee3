import type { Config, NodeConfig } from '../config/schema.ts';
import type { KubeObject, Manifest } from '../k8s/object.ts';
import type { Plan } from '../plan/types.ts';
import type { CheckInput } from './engine.ts';

/** Annotation the renderer writes on every object: the platform.yaml key that produced it. */
const CONFIG_PATH_ANNOTATION = 'shai.dev/config-path';

/**
 * What `shai check` without PATH examines: the rendered objects, each tied to its file under deploy/,
 * its service and platform.yaml key, and Node objects synthesized from `cluster.nodes` so the
 * scheduling rules see the cluster the config describes.
 */
export function platformCheckInput(config: Config, plan: Plan, manifest: Manifest): CheckInput {
  const configPaths = new Map(plan.services.map((s) => [s.name, s.configPath]));
  const objects = manifest.map((e) => {
    const configPath = e.object.metadata.annotations?.[CONFIG_PATH_ANNOTATION] ?? configPaths.get(e.service);
    return { object: e.object, file: `${config.gitops.path}/${e.path}`, service: e.service, ...(configPath ? { configPath } : {}) };
  });
  return { objects, nodes: config.cluster.nodes.map(nodeObject) };
}

/** A Node as `kubectl get node -o yaml` shows it once k3s and the GPU operator have labelled it. */
export function nodeObject(n: NodeConfig): KubeObject {
  const gpus = n.gpus.filter((g) => g.vendor === 'nvidia');
  const slices = gpus.reduce((sum, g) => sum + g.count * (g.sharing.strategy === 'time-slicing' ? g.sharing.replicas : 1), 0);
  const labels: Record<string, string> = {
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/arch': n.arch,
    'kubernetes.io/os': 'linux',
    ...(n.roles.includes('control-plane') ? { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/master': 'true' } : {}),
    ...(gpus.length
      ? {
          'nvidia.com/gpu.present': 'true',
          'nvidia.com/gpu.count': String(gpus.reduce((s, g) => s + g.count, 0)),
          ...(slices > gpus.reduce((s, g) => s + g.count, 0) ? { 'nvidia.com/gpu.sharing-strategy': 'time-slicing', 'nvidia.com/gpu.replicas': String(gpus[0]?.sharing.replicas ?? 1) } : {}),
        }
      : {}),
    ...n.labels,
  };
  const resources = { cpu: String(n.cpu), memory: n.memory, pods: '110', ...(slices ? { 'nvidia.com/gpu': String(slices) } : {}) };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: n.name, labels },
    spec: n.taints.length ? { taints: n.taints.map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect })) } : {},
    status: { capacity: resources, allocatable: resources, nodeInfo: { architecture: n.arch, operatingSystem: 'linux' } },
  };
}
