import { isObject, workloads, type Workload } from '../../semantics/pods.ts';
import { runtimeLabels } from '../../semantics/runtime-labels.ts';
import { standInWorkloads } from '../standins/index.ts';
import { fail, nsOf, pass } from '../result.ts';
import type { Rule, RuleResult } from '../types.ts';
import { maybeFromChart } from '../charts.ts';

/** True when every selector label is on the pod template (for-in: runs per Service and pod template of a namespace). */
function matches(selector: Record<string, unknown>, labels: Record<string, string>): boolean {
  for (const k in selector) if (Object.hasOwn(selector, k) && labels[k] !== String(selector[k])) return false;
  return true;
}

/** The workload with the labels its containers' programs add to their own pod when they start. */
function withRuntimeLabels(w: Workload): Workload {
  const added = runtimeLabels(w.template.spec);
  if (Object.keys(added).length === 0) return w;
  return { ...w, template: { ...w.template, labels: { ...w.template.labels, ...added } } };
}

/** A Service's selector matches at least one pod template in its namespace. */
export const serviceSelectorMatches: Rule = {
  id: 'service-selector-matches',
  title: 'Service selectors match a pod template',
  severity: 'error',
  family: 'references',
  targets: ['Service'],
  fix: "Make spec.selector equal to labels of the workload's pod template (spec.template.metadata.labels).",
  docs:
    'A Service whose selector matches no pod has no endpoints: clients get connection refused or a 503 from Traefik. ' +
    'Services without a selector (manual Endpoints) and ExternalName Services are not checked. Pods are matched as they run: ' +
    "with the labels their program adds to its own pod at start (Longhorn's manager: `longhorn.io/admission-webhook`, " +
    '`longhorn.io/recovery-backend`), and the pods operators make from custom resources (the stand-ins). Pods created by Helm ' +
    'charts of Argo CD Applications are not in the tree: in a namespace that gets a Helm chart, an unmatched selector is ' +
    'reported `skipped` (the chart may create the pods), unless the pods exist in another namespace.',
  check: (ctx) => {
    const byNs = new Map<string, Workload[]>();
    // Pods as they run: with the labels their program adds to them, and the pods operators make (stand-ins).
    for (const w of [...workloads(ctx.objects), ...standInWorkloads(ctx.objects)].map(withRuntimeLabels)) {
      const ns = nsOf(w.source);
      const list = byNs.get(ns);
      if (list) list.push(w);
      else byNs.set(ns, [w]);
    }
    const out: RuleResult[] = [];
    for (const s of ctx.index.byKind('Service')) {
      const spec = isObject(s.object.spec) ? s.object.spec : {};
      const selector = spec.selector;
      if (spec.type === 'ExternalName' || !isObject(selector) || Object.keys(selector).length === 0) continue;
      const ns = nsOf(s);
      if ((byNs.get(ns) ?? []).some((w) => matches(selector, w.template.labels))) {
        out.push(pass(s));
        continue;
      }
      const others = [...byNs.entries()]
        .filter(([n, ws]) => n !== ns && ws.some((w) => matches(selector, w.template.labels)))
        .map(([n]) => n)
        .sort();
      const sel = Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      const hint = others.length ? ` (pods with these labels exist in namespace ${others.join(', ')})` : '';
      const message = `selector ${sel} matches no pod template in namespace ${ns || '(none)'}${hint}`;
      const chart = others.length
        ? undefined
        : maybeFromChart(ctx.index, s, `a pod template matching ${sel}`, ns, '.spec.selector');
      out.push(chart ?? fail(s, message, '.spec.selector'));
    }
    return out;
  },
};
