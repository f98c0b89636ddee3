import { isObject, type Yaml } from '../../semantics/pods.ts';
import { fail, pass } from '../result.ts';
import type { Rule, RuleResult } from '../types.ts';

/** Exclude filters that take a whole namespace (or anything a pod's author controls) out of a policy. */
const BROAD: readonly { key: string; why: string }[] = [
  { key: 'namespaces', why: 'excludes whole namespaces' },
  { key: 'namespaceSelector', why: 'excludes whole namespaces by label' },
  { key: 'selector', why: "excludes by labels any pod's author can set" },
  { key: 'annotations', why: "excludes by annotations any pod's author can set" },
];

/** The `exclude` filters of one policy rule (Kyverno: `exclude.any[]`, `exclude.all[]` or the legacy `exclude.resources`). */
function excludeFilters(rule: Yaml): { filter: Yaml; path: string }[] {
  const ex = rule?.exclude;
  if (!isObject(ex)) return [];
  const out: { filter: Yaml; path: string }[] = [];
  if (isObject(ex.resources)) out.push({ filter: ex.resources, path: '.exclude.resources' });
  for (const block of ['any', 'all'])
    if (Array.isArray(ex[block]))
      ex[block].forEach((f: Yaml, i: number) => {
        if (isObject(f?.resources))
          out.push({ filter: f.resources, path: `.exclude.${block}[${i}].resources` });
      });
  return out;
}

/** Kyverno policies exempt workloads one by one with PolicyExceptions, never namespace-wide. */
export const kyvernoNoBroadExclusions: Rule = {
  id: 'kyverno-no-broad-exclusions',
  title: 'Kyverno policies exclude no namespace',
  severity: 'error',
  family: 'security',
  targets: ['ClusterPolicy', 'Policy'],
  fix: "Drop the exclude block and write a PolicyException in Kyverno's namespace naming the workload, the rules it breaks and why.",
  docs:
    'A policy rule whose `exclude` names namespaces (or a namespace selector) lets every present and future workload ' +
    'of those namespaces through, and one excluding by labels or annotations lets any pod author exempt themselves. ' +
    'shai excepts each workload that needs it with its own PolicyException (only the rules it breaks, with a reason), ' +
    "which only Kyverno's namespace may hold.",
  check: (ctx) => {
    const out: RuleResult[] = [];
    for (const kind of ['ClusterPolicy', 'Policy'])
      for (const o of ctx.index.byKind(kind)) {
        if (!String(o.object.apiVersion ?? '').startsWith('kyverno.io/')) continue;
        const spec: Yaml = o.object.spec;
        const rules: Yaml[] = Array.isArray(spec?.rules) ? spec.rules : [];
        const problems = rules.flatMap((r, i) =>
          excludeFilters(r).flatMap(({ filter, path }) =>
            BROAD.filter((b) => filter[b.key] !== undefined).map((b) => ({
              message: `rule "${r?.name ?? i}" ${b.why} (${b.key})`,
              jsonPath: `.spec.rules[${i}]${path}.${b.key}`,
            })),
          ),
        );
        if (problems.length === 0) out.push(pass(o));
        for (const p of problems) out.push(fail(o, p.message, p.jsonPath));
      }
    return out;
  },
};
