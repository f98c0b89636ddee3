import type { INode } from 'kubernetes-models/v1/Node';
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { KubeObject } from '../../k8s/object.ts';
import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import { eventsOf, nodesOf, podProblem, podsOf } from '../k8s.ts';
import type { ClusterState } from '../state.ts';

/** Operator pods that make a GPU usable, by the name prefix the GPU operator gives them. */
const OPERANDS = [
  'nvidia-driver-daemonset',
  'nvidia-container-toolkit-daemonset',
  'nvidia-operator-validator',
  'nvidia-device-plugin-daemonset',
  'gpu-feature-discovery',
];

/** True when the node says it has an NVIDIA GPU (GPU operator or node-feature-discovery labels). */
export function isGpuNode(n: INode): boolean {
  const l = n.metadata?.labels ?? {};
  return (
    l['nvidia.com/gpu.present'] === 'true' || l['feature.node.kubernetes.io/pci-10de.present'] === 'true'
  );
}

/** GPU nodes whose allocatable has no nvidia.com/gpu, and GPU operator pods failing on them. */
export const nodeGpu: Analyzer = {
  id: 'node-gpu',
  area: 'nodes',
  title: 'GPU nodes whose GPUs Kubernetes cannot use',
  docs: "A node labelled as a GPU node (`nvidia.com/gpu.present=true` or NFD's `pci-10de.present`) whose allocatable has no `nvidia.com/gpu`: the NVIDIA device plugin is not working. Names the GPU operator pods failing on that node and picks the likeliest known cause: containerd without the nvidia runtime (toolkit not pointed at k3s paths), a failing driver container on a host that already has the driver, or operands that never scheduled (node labels).",
  severity: 'error',
  needs: ['Node', 'Pod', 'Event'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const node of nodesOf(state).filter(isGpuNode)) {
      const failing = operandPods(state, node.metadata.name).filter((p) => podProblem(p));
      const states = failing.map((p) => `${p.metadata.name} ${podProblem(p)}`).join(', ');
      const gpus = Number(node.status?.allocatable?.['nvidia.com/gpu'] ?? 0);
      if (gpus > 0 && failing.length === 0) continue;
      const head =
        gpus > 0
          ? 'GPU operator pods are failing'
          : 'it is labelled as a GPU node but advertises no nvidia.com/gpu: the device plugin is not working';
      out.push({
        target: targetOf(node),
        message: `${head}${states ? ` (${states})` : operandPods(state, node.metadata.name).length ? '' : ' (no GPU operator pods run on it)'}`,
        fix: fixFor(state, failing),
      });
    }
    return out;
  },
};

function operandPods(state: ClusterState, node: string): (IPod & KubeObject)[] {
  return podsOf(state).filter(
    (p) => p.spec?.nodeName === node && OPERANDS.some((o) => p.metadata.name.startsWith(o)),
  );
}

/** The likeliest root cause among the known ones (tech-facts §7.2), from what the failing pods say. */
function fixFor(state: ClusterState, failing: (IPod & KubeObject)[]): string {
  const text = failing.flatMap((p) => eventsOf(state, p).map((e) => e.message ?? '')).join('\n');
  if (/no runtime for "nvidia"|RuntimeHandler "nvidia"/.test(text)) {
    return 'containerd has no nvidia runtime: set the toolkit to k3s paths (CONTAINERD_CONFIG=/var/lib/rancher/k3s/agent/etc/containerd/config.toml, CONTAINERD_SOCKET=/run/k3s/containerd/containerd.sock) and restart k3s on the node.';
  }
  if (failing.some((p) => p.metadata.name.startsWith('nvidia-driver-daemonset'))) {
    return 'The driver container fails; when the driver is installed on the host set driver: host in platform.yaml (driver.enabled=false in the operator).';
  }
  if (failing.length === 0) {
    return 'No operator pods run there: check that node-feature-discovery labelled the node and that no nvidia.com/gpu.deploy.<operand>=false label disables them.';
  }
  return 'Look at the first failing operator pod (kubectl logs -n gpu-operator <pod> --all-containers): every later operand waits for the driver and toolkit validations.';
}
