import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import { podsOf } from '../k8s.ts';

/** Pods the kubelet evicted, usually for memory or disk pressure on the node. */
export const podEvicted: Analyzer = {
  id: 'pod-evicted',
  area: 'pods',
  title: 'Evicted pods',
  docs: 'Pods the kubelet evicted, with the resource the node ran low on (memory, ephemeral-storage).',
  severity: 'warning',
  needs: ['Pod'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const pod of podsOf(state)) {
      if (pod.status?.phase !== 'Failed' || pod.status.reason !== 'Evicted') continue;
      const msg = pod.status.message ?? '';
      const res = /low on resource: ([\w-]+)/.exec(msg)?.[1];
      out.push({
        target: targetOf(pod),
        message: `evicted from node ${pod.spec?.nodeName ?? '?'}${res ? ` because the node ran low on ${res}` : ''}: ${msg}`,
        fix: `Set requests close to real use so the scheduler does not over-pack the node${res === 'ephemeral-storage' ? ', free disk space on the node' : ''}; delete the evicted pod (kubectl delete pod -n ${pod.metadata.namespace} ${pod.metadata.name}).`,
      });
    }
    return out;
  },
};
