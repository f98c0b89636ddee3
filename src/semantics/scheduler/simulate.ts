import type { Yaml } from '../pods.ts';
import type { KubeObject } from '../../k8s/object.ts';
import { parseQuantity } from '../../k8s/quantity.ts';
import { matchesNode, REASON, untoleratedTaint } from './filters.ts';
import { expandPods, type SimPod } from './pods.ts';
import { add, type Resources } from './requests.ts';
import type { SourcedObject } from '../objects.ts';

/** A pod the simulation could not place, with the scheduler's message. */
export interface Unplaced {
  pod: SimPod;
  /** For DaemonSet pods: the node the pod was made for. */
  node?: string;
  message: string;
}

/** The outcome: where each pod went (by node name), which pods stayed Pending, and what each node has left. */
export interface Simulation {
  placed: { pod: SimPod; node: string }[];
  unplaced: Unplaced[];
  /** Per node: what it can hand out and what the placed pods (CronJob pods aside) reserve. */
  nodes: { name: string; allocatable: Resources; used: Resources }[];
}

// DaemonSet pods get these tolerations from the DaemonSet controller.
const DAEMON_TOLERATIONS = [
  'node.kubernetes.io/not-ready',
  'node.kubernetes.io/unreachable',
  'node.kubernetes.io/disk-pressure',
  'node.kubernetes.io/memory-pressure',
  'node.kubernetes.io/pid-pressure',
  'node.kubernetes.io/unschedulable',
  'node.kubernetes.io/network-unavailable',
].map((key) => ({ key, operator: 'Exists' }));

interface NodeState {
  node: KubeObject;
  name: string;
  allocatable: Resources;
  used: Resources;
}

/**
 * Places every pod of the objects on the nodes greedily, in a fixed order (wave, then name), the way
 * kube-scheduler's filters would judge each pod: unschedulable, node name, taints, node selector and
 * required affinity, then resource fit against what earlier pods already took. Among feasible nodes
 * the least allocated wins, as with the default scoring.
 */
export function simulate(objects: readonly SourcedObject[], nodes: readonly KubeObject[]): Simulation {
  const states = [...nodes].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1)).map(nodeState);
  const result: Simulation = { placed: [], unplaced: [], nodes: states };
  for (const pod of expandPods(objects)) {
    if (pod.daemon) {
      for (const s of states.filter((s) => eligible(pod, s.node))) place(pod, [s], states, result, s.name);
    } else {
      place(pod, states, states, result);
    }
  }
  return result;
}

function place(
  pod: SimPod,
  candidates: NodeState[],
  all: NodeState[],
  result: Simulation,
  daemonNode?: string,
): void {
  const reasons = new Map<string, number>();
  const feasible: NodeState[] = [];
  for (const s of all) {
    const why = candidates.includes(s) ? filter(pod, s) : [REASON.affinity];
    if (why.length === 0) feasible.push(s);
    for (const r of why) reasons.set(r, (reasons.get(r) ?? 0) + 1);
  }
  if (feasible.length === 0) {
    result.unplaced.push({
      pod,
      ...(daemonNode ? { node: daemonNode } : {}),
      message: fitError(all.length, reasons),
    });
    return;
  }
  const best = feasible.reduce((a, b) => (load(b, pod) < load(a, pod) ? b : a));
  if (!pod.transient) {
    add(best.used, pod.requests);
    best.used.pods = (best.used.pods ?? 0) + 1;
  }
  result.placed.push({ pod, node: best.name });
}

/** The reasons a node rejects a pod; the first failing filter decides, as in the scheduler framework. */
function filter(pod: SimPod, s: NodeState): string[] {
  const spec = pod.template.spec;
  if ((s.node.spec as Yaml)?.unschedulable === true && !pod.daemon) return [REASON.unschedulable];
  if (typeof spec.nodeName === 'string' && spec.nodeName !== s.name) return [REASON.nodeName];
  const taint = untoleratedTaint(spec, s.node, pod.daemon ? DAEMON_TOLERATIONS : []);
  if (taint) return [REASON.taint(taint)];
  if (!matchesNode(spec, s.node)) return [REASON.affinity];
  return fit(pod.requests, s);
}

function eligible(pod: SimPod, node: KubeObject): boolean {
  return (
    !untoleratedTaint(pod.template.spec, node, DAEMON_TOLERATIONS) && matchesNode(pod.template.spec, node)
  );
}

/** NodeResourcesFit: pod count, then every requested resource against what is left. */
function fit(req: Resources, s: NodeState): string[] {
  const out: string[] = [];
  if ((s.used.pods ?? 0) + 1 > (s.allocatable.pods ?? 110)) out.push(REASON.tooManyPods);
  for (const [name, v] of Object.entries(req).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (v <= 0 || name === 'pods') continue;
    // A node that does not report cpu/memory is not judged on them; an extended resource it lacks is 0.
    const have =
      s.allocatable[name] ??
      (name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' ? Infinity : 0);
    if ((s.used[name] ?? 0) + v > have + 1e-9) out.push(REASON.insufficient(name));
  }
  return out;
}

function load(s: NodeState, pod: SimPod): number {
  const frac = (r: string) =>
    ((s.used[r] ?? 0) + (pod.requests[r] ?? 0)) /
    (Number.isFinite(s.allocatable[r]) && s.allocatable[r]! > 0 ? s.allocatable[r]! : Infinity);
  return (frac('cpu') + frac('memory')) / 2;
}

/** `0/2 nodes are available: 1 Insufficient nvidia.com/gpu, 1 node(s) didn't match Pod's node affinity/selector.` */
export function fitError(total: number, reasons: Map<string, number>): string {
  if (total === 0) return 'no nodes available to schedule pods';
  // kube-scheduler sorts the "<count> <reason>" strings themselves.
  const parts = [...reasons].map(([r, n]) => `${n} ${r}`).sort();
  return `0/${total} nodes are available: ${parts.join(', ')}.`;
}

function nodeState(node: KubeObject): NodeState {
  const alloc = ((node.status as Yaml)?.allocatable ?? (node.status as Yaml)?.capacity ?? {}) as Record<
    string,
    unknown
  >;
  const allocatable: Resources = {};
  for (const [k, q] of Object.entries(alloc)) {
    const v = parseQuantity(q);
    if (v !== undefined) allocatable[k] = v;
  }
  return { node, name: node.metadata.name, allocatable, used: {} };
}
