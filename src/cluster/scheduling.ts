import type { IPod } from 'kubernetes-models/v1/Pod';
import type { INode } from 'kubernetes-models/v1/Node';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { KubeObject } from '../k8s/object.ts';
import {
  blockingTaints,
  isActive,
  lastEvent,
  nodesOf,
  podsOf,
  selectorMatches,
  taintText,
  tolerates,
} from './k8s.ts';
import type { ClusterState } from './state.ts';

/** One reason a pod cannot be scheduled, with its fix. */
export interface Cause {
  cause: string;
  fix: string;
}

const GPU = 'nvidia.com/gpu';

/** The amount of a resource a pod asks for (requests, else limits), summed over its containers. */
export function podRequest(pod: IPod, resource: string): number {
  let total = 0;
  for (const c of pod.spec?.containers ?? []) {
    const q = c.resources?.requests?.[resource] ?? c.resources?.limits?.[resource];
    if (q !== undefined) total += Number(q);
  }
  return total;
}

/** Turns a Pending pod and the scheduler's message into causes named from the cluster's own objects. */
export function schedulingCauses(s: ClusterState, pod: IPod & KubeObject, message: string): Cause[] {
  const nodes = nodesOf(s);
  const causes = [...selectorCauses(pod, nodes)];
  const fitting = nodes.filter((n) => selectorMatches(pod.spec?.nodeSelector, n.metadata.labels));
  if (causes.length === 0) causes.push(...taintCauses(pod, fitting, message));
  causes.push(...gpuCauses(s, pod, fitting), ...pvcCauses(s, pod));
  for (const res of ['cpu', 'memory']) {
    if (new RegExp(`Insufficient ${res}\\b`).test(message)) {
      causes.push({
        cause: `no node has enough free ${res} for what the pod requests`,
        fix: `Lower the ${res} request of the service (services.<name>.resources in platform.yaml) or free ${res} on the nodes.`,
      });
    }
  }
  if (causes.length === 0) {
    causes.push({
      cause: `the scheduler says: ${message || 'no reason given'}`,
      fix: 'Read the scheduler message above; kubectl describe pod shows the same.',
    });
  }
  return causes;
}

function selectorCauses(pod: IPod, nodes: INode[]): Cause[] {
  const out: Cause[] = [];
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) {
    if (nodes.some((n) => n.metadata?.labels?.[k] === v)) continue;
    const others = [
      ...new Set(nodes.map((n) => n.metadata?.labels?.[k]).filter((x) => x !== undefined)),
    ].sort();
    const have = others.length
      ? `nodes have ${others.map((o) => `${k}=${o}`).join(', ')}`
      : `no node has the label ${k} at all`;
    out.push({
      cause: `its nodeSelector asks for ${k}=${v} and no node has that label (${have})`,
      fix: `Label the right node (kubectl label node <node> ${k}=${v}) or correct the node in platform.yaml (cluster.nodes) so the selector matches.`,
    });
  }
  return out;
}

function taintCauses(pod: IPod, fitting: INode[], message: string): Cause[] {
  const blocked = fitting
    .map((n) => ({ n, taints: blockingTaints(n).filter((t) => !tolerates(pod.spec?.tolerations, t)) }))
    .filter((x) => x.taints.length > 0);
  if (blocked.length === 0 || (blocked.length < fitting.length && !/taint/.test(message))) return [];
  return [
    {
      cause: blocked
        .map(
          (b) =>
            `node ${b.n.metadata?.name} has taint ${b.taints.map(taintText).join(', ')} that the pod does not tolerate`,
        )
        .join('; '),
      fix: 'Add a matching toleration to the workload (shai adds it for GPU services when the node has gpus in platform.yaml) or remove the taint.',
    },
  ];
}

function gpuCauses(s: ClusterState, pod: IPod & KubeObject, fitting: INode[]): Cause[] {
  const want = podRequest(pod, GPU);
  if (want === 0) return [];
  const gpuNodes = fitting.filter((n) => Number(n.status?.allocatable?.[GPU] ?? 0) > 0);
  if (gpuNodes.length === 0) {
    return [
      {
        cause: `it requests ${want} ${GPU} and no node it may run on advertises ${GPU} (the NVIDIA device plugin is not running there)`,
        fix: 'Fix the GPU operator first (see the node findings): its device plugin is what advertises nvidia.com/gpu.',
      },
    ];
  }
  const holders = podsOf(s).filter(
    (p) => p !== pod && isActive(p) && p.spec?.nodeName && podRequest(p, GPU) > 0,
  );
  const full = gpuNodes.every((n) => {
    const used = holders
      .filter((p) => p.spec?.nodeName === n.metadata?.name)
      .reduce((a, p) => a + podRequest(p, GPU), 0);
    return Number(n.status?.allocatable?.[GPU]) - used < want;
  });
  if (!full) return [];
  const list = holders
    .map((p) => `${p.metadata.namespace}/${p.metadata.name} (${podRequest(p, GPU)})`)
    .sort();
  const total = gpuNodes.reduce((a, n) => a + Number(n.status?.allocatable?.[GPU]), 0);
  return [
    {
      cause: `it requests ${want} ${GPU} but all ${total} on ${gpuNodes.map((n) => n.metadata?.name).join(', ')} are held by ${list.join(', ')}`,
      fix: 'Share the GPU with time-slicing (cluster.nodes[].gpus[].sharing: {strategy: time-slicing, replicas: 4} in platform.yaml) or disable one of the GPU services.',
    },
  ];
}

function pvcCauses(s: ClusterState, pod: IPod & KubeObject): Cause[] {
  const out: Cause[] = [];
  const ns = pod.metadata.namespace;
  for (const v of pod.spec?.volumes ?? []) {
    const name = v.persistentVolumeClaim?.claimName;
    if (!name) continue;
    const pvc = s.get('PersistentVolumeClaim', ns, name) as (IPersistentVolumeClaim & KubeObject) | undefined;
    if (!pvc) {
      out.push({
        cause: `its volume claims PVC ${ns}/${name}, which does not exist`,
        fix: `Create the PVC ${name} in ${ns} (or fix claimName).`,
      });
    } else if (pvc.status?.phase !== 'Bound') {
      const ev = lastEvent(s, pvc, 'ProvisioningFailed', 'FailedBinding', 'WaitForFirstConsumer');
      // A WaitForFirstConsumer claim binds once the pod is placed: it is waiting on the pod, not blocking it.
      if (ev?.reason === 'WaitForFirstConsumer') continue;
      const why = ev?.message;
      out.push({
        cause: `its PVC ${ns}/${name} is ${pvc.status?.phase ?? 'Pending'} (not bound${why ? `: ${why}` : ''})`,
        fix: 'See the storage finding for that PVC: the pod starts once its volume is bound.',
      });
    }
  }
  return out;
}
