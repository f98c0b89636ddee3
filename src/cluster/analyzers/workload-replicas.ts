import type { KubeObject } from '../../k8s/object.ts';
import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import { eventsOf, podProblem, podsSelectedBy } from '../k8s.ts';
import type { ClusterState } from '../state.ts';

interface Workload extends KubeObject {
  spec?: { replicas?: number };
  status?: {
    readyReplicas?: number;
    desiredNumberScheduled?: number;
    numberReady?: number;
    conditions?: { type: string; status: string; message?: string }[];
  };
}

/** Deployments, StatefulSets and DaemonSets with fewer ready replicas than wanted, and why their pods are not ready. */
export const workloadReplicas: Analyzer = {
  id: 'workload-replicas',
  area: 'workloads',
  title: 'Workloads short of ready replicas',
  docs: 'Deployments, StatefulSets and DaemonSets with fewer ready replicas than wanted, and why: pods that cannot be created (ResourceQuota exceeded, from the ReplicaFailure condition or FailedCreate events) or the state of each pod that is not ready.',
  severity: 'error',
  needs: ['Deployment', 'StatefulSet', 'DaemonSet', 'Pod'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet']) {
      for (const w of state.objects(kind) as Workload[]) {
        const daemon = kind === 'DaemonSet';
        const want = daemon ? (w.status?.desiredNumberScheduled ?? 0) : (w.spec?.replicas ?? 1);
        const ready = (daemon ? w.status?.numberReady : w.status?.readyReplicas) ?? 0;
        if (ready >= want) continue;
        out.push({
          target: targetOf(w),
          severity: ready === 0 ? 'error' : 'warning',
          message: `${ready} of ${want} ${daemon ? 'pods' : 'replicas'} ready: ${why(state, w)}`,
          fix: 'Fix the cause named here (the pod findings give details); Argo CD self-heal reverts kubectl scale, so change platform.yaml instead.',
        });
      }
    }
    return out;
  },
};

function why(state: ClusterState, w: Workload): string {
  const failure = w.status?.conditions?.find(
    (c) => c.type === 'ReplicaFailure' && c.status === 'True',
  )?.message;
  if (failure) return `pods cannot be created: ${failure}`;
  const created = [w, ...replicaSets(state, w)]
    .flatMap((o) => eventsOf(state, o))
    .filter((e) => e.reason === 'FailedCreate')
    .at(-1);
  if (created) return `pods cannot be created: ${created.message}`;
  const pods = podsSelectedBy(state, w);
  const problems = pods
    .map((p) => [p.metadata.name, podProblem(p)] as const)
    .filter(([, p]) => p)
    .map(([n, p]) => `${n} ${p}`);
  if (problems.length) return `pods ${problems.sort().join(', ')}`;
  return pods.length
    ? `only ${pods.length} of its pods exist and they are fine; the others were never created`
    : 'no pods exist for it';
}

function replicaSets(state: ClusterState, w: Workload): KubeObject[] {
  if (w.kind !== 'Deployment') return [];
  return state
    .objects('ReplicaSet')
    .filter(
      (rs) =>
        rs.metadata.namespace === w.metadata.namespace &&
        (rs.metadata.ownerReferences as { name: string }[] | undefined)?.some(
          (r) => r.name === w.metadata.name,
        ),
    );
}
