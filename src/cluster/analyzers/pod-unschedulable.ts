import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import { lastEvent, podsOf } from '../k8s.ts';
import { schedulingCauses } from '../scheduling.ts';

/** Pending pods: the scheduler's FailedScheduling reasons turned into causes named from the cluster. */
export const podUnschedulable: Analyzer = {
  id: 'pod-unschedulable',
  area: 'pods',
  title: 'Pods the scheduler cannot place',
  docs: "Pending pods the scheduler cannot place. The scheduler's FailedScheduling message is turned into causes named from the cluster itself: the nodeSelector label no node has (and the values nodes do have), the taint the pod does not tolerate, which pods hold all the `nvidia.com/gpu` of the GPU node, the PVC that is not bound and why, or too little free CPU or memory.",
  severity: 'error',
  needs: ['Pod', 'Node', 'Event', 'PersistentVolumeClaim'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const pod of podsOf(state)) {
      if (pod.status?.phase !== 'Pending') continue;
      const cond = pod.status.conditions?.find((c) => c.type === 'PodScheduled');
      if (cond?.status !== 'False') continue;
      // The condition outlives the event (events expire after an hour); prefer it.
      const message = cond.message || lastEvent(state, pod, 'FailedScheduling')?.message || '';
      const causes = schedulingCauses(state, pod, message);
      out.push({
        target: targetOf(pod),
        message: `Pending, cannot be scheduled: ${causes.map((c) => c.cause).join('; ')}`,
        fix: [...new Set(causes.map((c) => c.fix))].join(' '),
      });
    }
    return out;
  },
};
