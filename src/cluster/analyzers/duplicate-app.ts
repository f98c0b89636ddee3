import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import type { KubeObject } from '../../k8s/object.ts';

/** The application a workload runs, from the recommended labels, else its name. */
export function appName(w: KubeObject): string {
  const l = w.metadata.labels ?? {};
  return l['app.kubernetes.io/name'] ?? l['app'] ?? w.metadata.name;
}

/** The same application running in two namespaces: a stale copy left behind by a namespace move. */
export const duplicateApp: Analyzer = {
  id: 'duplicate-app',
  area: 'workloads',
  title: 'The same application in two namespaces',
  docs: "The same application (app.kubernetes.io/name, app, or name) as a Deployment or StatefulSet in two namespaces: a stale copy left over from a namespace move, like the upstream's second LiteLLM in `default`.",
  severity: 'warning',
  needs: ['Deployment', 'StatefulSet'],
  analyze(state) {
    const byApp = new Map<string, KubeObject[]>();
    for (const w of [...state.objects('Deployment'), ...state.objects('StatefulSet')]) {
      const list = byApp.get(appName(w)) ?? [];
      list.push(w);
      byApp.set(appName(w), list);
    }
    const out: FindingDraft[] = [];
    for (const [app, ws] of [...byApp].sort(([a], [b]) => a.localeCompare(b))) {
      const namespaces = [...new Set(ws.map((w) => w.metadata.namespace))].sort();
      if (namespaces.length < 2) continue;
      // The copy without shai's labels is the stray one when there is exactly one shai copy.
      const ours = ws.filter((w) => w.metadata.labels?.['app.kubernetes.io/part-of'] === 'shai');
      const stray = ours.length === 1 ? ws.filter((w) => w !== ours[0]) : ws.slice(1);
      for (const w of stray) {
        out.push({
          target: targetOf(w),
          message: `${app} runs in ${namespaces.length} namespaces (${namespaces.join(', ')}); this copy in ${w.metadata.namespace} is likely left over from a move`,
          fix: `Delete the stale copy and its Service (kubectl delete ${w.kind.toLowerCase()} -n ${w.metadata.namespace} ${w.metadata.name}) and whatever Argo CD Application still deploys it.`,
        });
      }
    }
    return out;
  },
};
