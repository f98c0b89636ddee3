import type { IPod } from 'kubernetes-models/v1/Pod';
import type { INode } from 'kubernetes-models/v1/Node';
import type { IEvent } from 'kubernetes-models/v1/Event';
import type { IToleration } from 'kubernetes-models/v1/Toleration';
import type { ITaint } from 'kubernetes-models/v1/Taint';
import type { IContainerStatus } from 'kubernetes-models/v1/ContainerStatus';
import type { KubeObject } from '../k8s/object.ts';
import type { ClusterState } from './state.ts';

/** Objects of a kind as their kubernetes-models type; the dump and the API give the same JSON shape. */
export function typed<T>(state: ClusterState, kind: string): (T & KubeObject)[] {
  return state.objects(kind) as (T & KubeObject)[];
}

/** Pods, typed. */
export const podsOf = (s: ClusterState) => typed<IPod>(s, 'Pod');
/** Nodes, typed. */
export const nodesOf = (s: ClusterState) => typed<INode>(s, 'Node');

/** Events about an object, newest last, typed. */
export function eventsOf(s: ClusterState, o: KubeObject): (IEvent & KubeObject)[] {
  return s.events(o.kind, o.metadata.namespace, o.metadata.name) as (IEvent & KubeObject)[];
}

/** The newest event of one of the reasons, if any. */
export function lastEvent(s: ClusterState, o: KubeObject, ...reasons: string[]): IEvent | undefined {
  return eventsOf(s, o)
    .filter((e) => reasons.includes(e.reason ?? ''))
    .at(-1);
}

/** A container status with whether it is an init container. */
export interface ContainerState extends IContainerStatus {
  init: boolean;
}

const states = new WeakMap<IPod, ContainerState[]>();

/** Init and main container statuses of a pod (computed once per pod, shared by the analyzers). */
export function containerStates(pod: IPod): ContainerState[] {
  let out = states.get(pod);
  if (!out) {
    const init = (pod.status?.initContainerStatuses ?? []).map((c) => ({ ...c, init: true }));
    const main = (pod.status?.containerStatuses ?? []).map((c) => ({ ...c, init: false }));
    out = [...init, ...main];
    states.set(pod, out);
  }
  return out;
}

/** Running with every container ready, or finished: nothing for the pod analyzers to look at. */
export function isFine(pod: IPod): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded') return true;
  if (phase !== 'Running') return false;
  const main = pod.status?.containerStatuses;
  return !!main && main.every((c) => c.ready);
}

/** The waiting containers of troubled pods whose waiting reason is one of `reasons`, with their pod. */
export function waitingContainers(
  pods: Iterable<IPod & KubeObject>,
  ...reasons: string[]
): { pod: IPod & KubeObject; c: ContainerState; waiting: { reason?: string; message?: string } }[] {
  const out = [];
  for (const pod of pods) {
    if (isFine(pod)) continue;
    for (const c of containerStates(pod)) {
      const waiting = c.state?.waiting;
      if (waiting?.reason && reasons.includes(waiting.reason)) out.push({ pod, c, waiting });
    }
  }
  return out;
}

/** `container "x"` or `init container "x"`. */
export const containerLabel = (c: ContainerState) => `${c.init ? 'init container' : 'container'} "${c.name}"`;

/** True when every key=value of the selector is among the labels. */
export function selectorMatches(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}

/** True when one of the tolerations tolerates the taint (Kubernetes' matching rules). */
export function tolerates(tolerations: readonly IToleration[] | undefined, taint: ITaint): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (!t.key) return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

/** Taints that keep pods off a node (PreferNoSchedule only discourages). */
export function blockingTaints(node: INode): ITaint[] {
  return (node.spec?.taints ?? []).filter((t) => t.effect !== 'PreferNoSchedule');
}

/** `key=value:Effect` as kubectl prints a taint. */
export const taintText = (t: ITaint) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;

/** The workload that owns a pod: Deployment (through its ReplicaSet), StatefulSet, DaemonSet or Job. */
export function ownerOf(s: ClusterState, pod: IPod & KubeObject): KubeObject | undefined {
  const owner = pod.metadata.ownerReferences?.find((r) => r.controller) ?? pod.metadata.ownerReferences?.[0];
  if (!owner) return undefined;
  const o = s.get(owner.kind, pod.metadata.namespace, owner.name);
  if (owner.kind !== 'ReplicaSet') return o;
  const rs = o?.metadata.ownerReferences as { kind: string; name: string }[] | undefined;
  const dep = rs?.find((r) => r.kind === 'Deployment');
  return dep ? (s.get('Deployment', pod.metadata.namespace, dep.name) ?? o) : o;
}

/** Pods a workload selects (matchLabels), in its namespace. */
export function podsSelectedBy(s: ClusterState, w: KubeObject): (IPod & KubeObject)[] {
  const sel = (w as { spec?: { selector?: { matchLabels?: Record<string, string> } } }).spec?.selector
    ?.matchLabels;
  if (!sel || Object.keys(sel).length === 0) return [];
  return podsOf(s).filter(
    (p) => p.metadata.namespace === w.metadata.namespace && selectorMatches(sel, p.metadata.labels),
  );
}

/** Why a pod is not running, in one short phrase (`CrashLoopBackOff`, `Pending`, ...). */
export function podProblem(pod: IPod): string | undefined {
  if (pod.status?.phase === 'Failed') return pod.status.reason ?? 'Failed';
  for (const c of containerStates(pod)) {
    if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing')
      return c.state.waiting.reason;
  }
  if (pod.status?.phase === 'Pending') return 'Pending';
  const notReady = (pod.status?.containerStatuses ?? []).some((c) => !c.ready);
  return pod.status?.phase === 'Running' && notReady ? 'not ready' : undefined;
}

/** True for pods that hold node resources (not finished). */
export const isActive = (p: IPod) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
