import type { Config, NodeConfig } from '../config/schema.ts';
import type { KubeObject, Manifest } from '../k8s/object.ts';
import { nodeAllocatable, nodeLabels } from '../plan/placement.ts';
import type { Plan, PlannedSecret } from '../plan/types.ts';
import type { CheckInput } from './engine.ts';
import { CONFIG_PATH_ANNOTATION, SERVICE_ANNOTATION } from '../k8s/annotations.ts';
import type { SourcedObject } from './types.ts';

/**
 * The rendered objects in memory, each tied to its file under deploy/, its service and platform.yaml key,
 * with stand-ins for the planned secrets render keeps rather than builds and Node objects synthesized from
 * `cluster.nodes`. Render and its tests judge a manifest before it is written; `shai check` judges the
 * tree on disk (platformTreeInput).
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
  return withPlatform(config, plan, objects, config.gitops.path).input;
}

/** What `shai check` judges for a platform: the objects of its tree, and the planned secrets not sealed in it. */
export interface PlatformTreeInput {
  input: CheckInput;
  /** Planned secrets with no SealedSecret (or Secret) in the tree; stand-ins take their place in the input. */
  unsealed: PlannedSecret[];
}

/**
 * The tree under gitops.path as read from disk (`objects`, files relative to the working directory, under
 * `treeDir`), tied to services and platform.yaml keys through the annotations render writes, with the nodes
 * of platform.yaml. Planned secrets missing from the tree are listed once in `unsealed` and stood in for, so
 * the workloads' references to them are still checked key by key instead of failing one by one.
 */
export function platformTreeInput(
  config: Config,
  plan: Plan,
  objects: SourcedObject[],
  treeDir: string,
): PlatformTreeInput {
  const configPaths = new Map(plan.services.map((s) => [s.name, s.configPath]));
  const tied = objects.map((o) => {
    const a = o.object.metadata.annotations ?? {};
    const service = a[SERVICE_ANNOTATION];
    const configPath = a[CONFIG_PATH_ANNOTATION] ?? (service ? configPaths.get(service) : undefined);
    return { ...o, ...(service ? { service } : {}), ...(configPath ? { configPath } : {}) };
  });
  return withPlatform(config, plan, tied, treeDir);
}

function withPlatform(
  config: Config,
  plan: Plan,
  objects: SourcedObject[],
  treeDir: string,
): PlatformTreeInput {
  const present = new Set(
    objects
      .filter((o) => o.object.kind === 'SealedSecret' || o.object.kind === 'Secret')
      .map((o) => `${o.object.metadata.namespace}/${o.object.metadata.name}`),
  );
  const unsealed = plan.secrets.filter((s) => !present.has(`${s.namespace}/${s.name}`));
  const standIns = unsealed.map((s) => ({
    object: plannedSecret(s),
    // Where `shai secrets seal` writes it (secrets/paths.ts, a sibling floor check does not import).
    file: `${treeDir}/services/${s.service}/sealedsecret-${s.name}.yaml`,
    service: s.service,
    configPath: s.configPath,
  }));
  return {
    input: { objects: [...objects, ...standIns], nodes: config.cluster.nodes.map(nodeObject) },
    unsealed,
  };
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
