import type { Config, NodeConfig } from '../config/schema.ts';
import type { KubeObject } from '../k8s/object.ts';
import { parseQuantity } from '../k8s/quantity.ts';
import { gpuSlices } from '../plan/placement.ts';

/** One preflight verdict. A `fail` stops the install; its `fix` says what to change. */
export interface Check {
  status: 'ok' | 'warn' | 'fail';
  message: string;
  fix?: string;
}

/** The API server's `/version` answer. */
export interface ServerVersion {
  gitVersion: string;
}

/** What preflight reads from the cluster. */
export interface PreflightInput {
  config: Config;
  version: ServerVersion;
  nodes: readonly KubeObject[];
  /** True once the GPU operator's device plugin runs: only then must GPU nodes advertise nvidia.com/gpu. */
  gpuOperatorRunning: boolean;
}

/** How far a node's CPU or memory may be from platform.yaml before preflight fails. */
export const CAPACITY_TOLERANCE = 0.1;

interface LiveNode {
  metadata: { name: string; labels?: Record<string, string> };
  status?: {
    capacity?: Record<string, string>;
    allocatable?: Record<string, string>;
    nodeInfo?: { architecture?: string };
  };
}

/** `v1.33.10+k3s1` → [1, 33, 10]. */
function versionParts(v: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** The Kubernetes minor must be the one cluster.k3sVersion names; a patch difference is a warning. */
export function versionCheck(config: Config, version: ServerVersion): Check {
  const want = versionParts(config.cluster.k3sVersion)!;
  const have = versionParts(version.gitVersion);
  const fix = `Install k3s ${config.cluster.k3sVersion} (INSTALL_K3S_VERSION=${config.cluster.k3sVersion}), or set cluster.k3sVersion to the version the cluster runs.`;
  if (!have)
    return {
      status: 'fail',
      message: `the API server reports an unreadable version "${version.gitVersion}"`,
      fix,
    };
  const wanted = `v${want.join('.')}`;
  if (have[0] !== want[0] || have[1] !== want[1])
    return {
      status: 'fail',
      message: `the cluster runs Kubernetes ${version.gitVersion}, platform.yaml names ${config.cluster.k3sVersion} (minor ${want[0]}.${want[1]})`,
      fix,
    };
  if (have[2] !== want[2])
    return {
      status: 'warn',
      message: `the cluster runs Kubernetes ${version.gitVersion}, platform.yaml names ${wanted} (same minor, patch differs)`,
      fix,
    };
  return {
    status: 'ok',
    message: `Kubernetes ${version.gitVersion} is the minor of cluster.k3sVersion (${config.cluster.k3sVersion})`,
  };
}

function within(have: number, want: number): boolean {
  return Math.abs(have - want) <= want * CAPACITY_TOLERANCE;
}

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)}Gi`;
}

/** One node of platform.yaml against the live Node: present, arch, CPU and memory within 10 %, GPUs. */
export function nodeChecks(
  n: NodeConfig,
  index: number,
  live: LiveNode | undefined,
  gpuOperatorRunning: boolean,
): Check[] {
  const where = `cluster.nodes[${index}]`;
  if (!live)
    return [
      {
        status: 'fail',
        message: `node ${n.name} (${where}) is not in the cluster`,
        fix: `Join it with the k3s agent under the name ${n.name} (--node-name), or remove it from ${where}.`,
      },
    ];
  const out: Check[] = [];
  const arch = live.status?.nodeInfo?.architecture;
  if (arch !== n.arch)
    out.push({
      status: 'fail',
      message: `node ${n.name} is ${arch ?? 'of unknown architecture'}, ${where}.arch says ${n.arch}`,
      fix: `Set ${where}.arch: ${arch} (images are pulled for the architecture platform.yaml names).`,
    });
  const cpu = parseQuantity(live.status?.capacity?.cpu) ?? 0;
  if (!within(cpu, n.cpu))
    out.push({
      status: 'fail',
      message: `node ${n.name} has ${cpu} CPUs, ${where}.cpu says ${n.cpu} (more than ${CAPACITY_TOLERANCE * 100} % apart)`,
      fix: `Set ${where}.cpu: ${Math.round(cpu)}.`,
    });
  const memory = parseQuantity(live.status?.capacity?.memory) ?? 0;
  const wantMemory = parseQuantity(n.memory) ?? 0;
  if (!within(memory, wantMemory))
    out.push({
      status: 'fail',
      message: `node ${n.name} has ${gib(memory)} of memory, ${where}.memory says ${n.memory} (more than ${CAPACITY_TOLERANCE * 100} % apart)`,
      fix: `Set ${where}.memory: ${Math.floor(memory / 2 ** 30)}Gi.`,
    });
  const slices = gpuSlices(n);
  const advertised = Number(live.status?.allocatable?.['nvidia.com/gpu'] ?? 0);
  if (slices > 0 && gpuOperatorRunning && advertised === 0)
    out.push({
      status: 'fail',
      message: `node ${n.name} advertises no nvidia.com/gpu although the GPU operator runs (${where}.gpus plans ${slices})`,
      fix: `Run shai doctor: the GPU operator's pods on ${n.name} say why (driver, toolkit, device plugin).`,
    });
  if (!out.length)
    out.push({
      status: 'ok',
      message: `node ${n.name}: ${arch}, ${cpu} CPUs, ${gib(memory)}${slices && advertised ? `, ${advertised} nvidia.com/gpu` : ''}`,
    });
  return out;
}

/** Every preflight check: the version, each node of platform.yaml, and the nodes platform.yaml lacks. */
export function preflight(input: PreflightInput): Check[] {
  const live = input.nodes as unknown as LiveNode[];
  const byName = new Map(live.map((n) => [n.metadata.name, n]));
  const checks = [versionCheck(input.config, input.version)];
  input.config.cluster.nodes.forEach((n, i) =>
    checks.push(...nodeChecks(n, i, byName.get(n.name), input.gpuOperatorRunning)),
  );
  const known = new Set(input.config.cluster.nodes.map((n) => n.name));
  for (const n of live.filter((x) => !known.has(x.metadata.name)))
    checks.push({
      status: 'warn',
      message: `node ${n.metadata.name} is in the cluster but not in platform.yaml: nothing is planned for it`,
      fix: `Add it to cluster.nodes, or remove it from the cluster (kubectl delete node ${n.metadata.name}).`,
    });
  return checks;
}
