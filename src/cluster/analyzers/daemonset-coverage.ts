import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import { blockingTaints, nodesOf, podsSelectedBy, selectorMatches, tolerates, typed } from '../k8s.ts';

/** DaemonSets that should run on more nodes than they do (desired vs nodes matching selector and tolerations). */
export const daemonsetCoverage: Analyzer = {
  id: 'daemonset-coverage',
  area: 'workloads',
  title: 'DaemonSets missing from eligible nodes',
  docs: 'DaemonSets missing from nodes they are eligible for (nodes matching their nodeSelector whose taints they tolerate).',
  severity: 'warning',
  needs: ['DaemonSet', 'Node', 'Pod'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const ds of typed<IDaemonSet>(state, 'DaemonSet')) {
      const tpl = ds.spec?.template.spec;
      const eligible = nodesOf(state).filter(
        (n) =>
          selectorMatches(tpl?.nodeSelector, n.metadata.labels) &&
          blockingTaints(n).every((t) => tolerates(tpl?.tolerations, t)),
      );
      const on = new Set(podsSelectedBy(state, ds).map((p) => p.spec?.nodeName));
      const missing = eligible.map((n) => n.metadata.name).filter((n) => !on.has(n));
      if (missing.length === 0) continue;
      out.push({
        target: targetOf(ds),
        message: `runs on ${eligible.length - missing.length} of ${eligible.length} eligible nodes; no pod on ${missing.join(', ')} (desired ${ds.status?.desiredNumberScheduled ?? 0})`,
        fix: 'Check the DaemonSet events and the node (resources, required node affinity); pods on those nodes may also have been deleted without being recreated.',
      });
    }
    return out;
  },
};
