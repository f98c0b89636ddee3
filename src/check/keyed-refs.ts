import { maybeFromChart } from './charts.ts';
import { workloads } from '../semantics/pods.ts';
import { notFound, podRefs, type RefKind } from '../semantics/refs.ts';
import { fail, nsOf, pass } from './result.ts';
import type { ObjectIndex, RuleContext, RuleResult } from './types.ts';

/** How one kind of keyed object (Secret, ConfigMap) is looked up for the reference rules. */
export interface KeyedKind {
  ref: RefKind;
  /** Word used in messages: `secret`, `configmap`. */
  word: string;
  keys(index: ObjectIndex, ns: string, name: string): string[] | undefined;
  elsewhere(index: ObjectIndex, name: string, ns: string): string[];
}

/**
 * The shared body of the reference rules: every non-optional reference of every pod template names an object of
 * the pod's namespace that holds the keys asked for; a missing one says where an object of that name does exist.
 */
export function checkKeyedRefs(ctx: RuleContext, kind: KeyedKind): RuleResult[] {
  const out: RuleResult[] = [];
  for (const w of workloads(ctx.objects)) {
    const ns = nsOf(w.source);
    let ok = true;
    for (const ref of podRefs(w.template, kind.ref)) {
      if (ref.optional) continue;
      const keys = kind.keys(ctx.index, ns, ref.name);
      if (!keys) {
        ok = false;
        const others = kind.elsewhere(ctx.index, ref.name, ns);
        const what = `${ref.via}: ${kind.word} "${ref.name}"`;
        out.push(
          (others.length ? undefined : maybeFromChart(ctx.index, w.source, what, ns, ref.jsonPath)) ??
            fail(w.source, `${ref.via}: ${notFound(kind.word, ref.name, ns, others)}`, ref.jsonPath),
        );
        continue;
      }
      for (const key of ref.keys.filter((k) => !keys.includes(k))) {
        ok = false;
        out.push(
          fail(
            w.source,
            `${ref.via}: ${kind.word} "${ref.name}" in namespace ${ns || '(none)'} has no key "${key}" (keys: ${[...keys].sort().join(', ') || 'none'})`,
            ref.jsonPath,
          ),
        );
      }
    }
    if (ok) out.push(pass(w.source));
  }
  return out;
}
