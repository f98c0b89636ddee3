import type { Config, NodeConfig } from '../config/schema.ts';
import type { KubeObject, Manifest } from '../k8s/object.ts';
import { nodeAllocatable, nodeLabels } from '../plan/placement.ts';
import type { Plan, PlannedSecret } from '../plan/types.ts';
import type { CheckInput } from './engine.ts';
import { CONFIG_PATH_ANNOTATION } from '../k8s/annotations.ts';

/**
 * What `shai check` without PATH examines: the rendered objects, each tied to its file under deploy/,
 * its service and platform.yaml key, and Node objects synthesized from `cluster.nodes` so the
 * scheduling rules see the cluster the config describes.
 */
export function platformCheckInput(config: Config, plan: Plan, manifest: Manifest): CheckInput {
  const configPaths = new Map(plan.services.map((s) => [s.name, s.configPath]));
  const objects = manifest.map((e) => {
    const configPath = e.object.metadata.annotations?.[CONFIG_PATH_ANNOTATION] ?? configPaths.get(e.service);
    return {
      object: e.object,
      file: `${config.gitops.path}/${e.path}`,
      service: e.service,
      ...(configPath ? { configPath } : {}),
    };
  });
  const present = new Set(
    manifest
      .filter((e) => e.object.kind === 'SealedSecret' || e.object.kind === 'Secret')
      .map((e) => `${e.object.metadata.namespace}/${e.object.metadata.name}`),
  );
  for (const s of plan.secrets) {
    if (present.has(`${s.namespace}/${s.name}`)) continue;
    objects.push({
      object: plannedSecret(s),
      file: `${config.gitops.path}/services/${s.service}/sealedsecret-${s.name}.yaml`,
      service: s.service,
      configPath: s.configPath,
    });
  }
  return { objects, nodes: config.cluster.nodes.map(nodeObject) };
}

/**
 * A planned Secret as the SealedSecret `shai secrets seal` writes (values never reach the check):
 * render keeps sealed files as they are, so the manifest lacks them, yet references to them are right.
 */
function plannedSecret(s: PlannedSecret): KubeObject {
  return {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: { name: s.name, namespace: s.namespace },
    spec: {
      encryptedData: Object.fromEntries(
        Object.keys(s.keys)
          .sort()
          .map((k) => [k, '']),
      ),
    },
  };
}

/**
 * A Node as `kubectl get node -o yaml` shows it, with the labels and allocatable resources the
 * planner assumes (plan/placement.ts), so the check and the plan judge the same cluster.
 */
export function nodeObject(n: NodeConfig): KubeObject {
  const resources = nodeAllocatable(n);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: n.name, labels: { ...nodeLabels(n), ...gpuMemoryLabel(n) } },
    spec: n.taints.length
      ? {
          taints: n.taints.map((t) => ({
            key: t.key,
            ...(t.value !== undefined ? { value: t.value } : {}),
            effect: t.effect,
          })),
        }
      : {},
    status: {
      capacity: resources,
      allocatable: resources,
      nodeInfo: { architecture: n.arch, operatingSystem: 'linux' },
    },
  };
}

/** `nvidia.com/gpu.memory` (MiB of one card) as GPU feature discovery labels a node with NVIDIA GPUs. */
function gpuMemoryLabel(n: NodeConfig): Record<string, string> {
  const vram = n.gpus.filter((g) => g.vendor === 'nvidia').map((g) => g.vramGiB);
  return vram.length ? { 'nvidia.com/gpu.memory': String(Math.round(Math.min(...vram) * 1024)) } : {};
}
