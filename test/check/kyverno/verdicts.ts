/*
 * The two sides of the twin table, reduced to the same words: what `shai check`'s offline rule says about a
 * workload, and what the real Kyverno said about it and the objects its controller creates.
 */
import { buildIndex } from '../../../src/semantics/objects.ts';
import { ADMISSION_RULES } from '../../../src/check/policies.ts';
import { RULES } from '../../../src/check/registry.ts';
import { suppressionOf } from '../../../src/check/suppress.ts';
import { KYVERNO_SKIPPED_NAMESPACES } from '../../../src/semantics/exceptions.ts';
import type { SourcedObject } from '../../../src/check/types.ts';
import type { KubeObject } from '../../../src/k8s/object.ts';
import type { KyvernoResult } from '../../helpers/kyverno.ts';

/**
 * A verdict on one workload for one rule. `excepted`: a PolicyException (or, offline, the same exception data or
 * a stated runs-as-root) lets it through; `not-admitted`: Kyverno never evaluates it; `none`: the rule does not
 * apply to it; `suppressed`: only `shai check` skips it (a `shai.dev/ignore` annotation Kyverno does not know).
 */
export type Verdict = 'pass' | 'fail' | 'excepted' | 'not-admitted' | 'none' | 'suppressed' | 'error';

/** A verdict with the message that explains it. */
export interface Said {
  verdict: Verdict;
  message: string;
}

/** The admission rule ids, in policy order. */
export const RULE_IDS = ADMISSION_RULES.map((r) => r.id);

/** What each offline twin says about each object: `verdicts.get(object)[ruleId]`. */
export function twinVerdicts(objects: SourcedObject[]): Map<SourcedObject, Record<string, Said>> {
  const out = new Map<SourcedObject, Record<string, Said>>();
  const ctx = { objects, index: buildIndex(objects) };
  for (const id of RULE_IDS) {
    const rule = RULES.find((r) => r.id === id)!;
    const byObject = new Map<SourcedObject, Said[]>();
    for (const r of rule.check(ctx)) {
      const said = { verdict: twinWord(r.status, r.message), message: r.message };
      if (said.verdict === 'fail' && suppressionOf(r.object)?.rules.has(id)) said.verdict = 'suppressed';
      byObject.set(r.object, [...(byObject.get(r.object) ?? []), said]);
    }
    for (const o of objects) {
      const row = out.get(o) ?? {};
      row[id] = strongest(byObject.get(o) ?? []);
      out.set(o, row);
    }
  }
  return out;
}

const NAMESPACE_REASONS = new Set(Object.values(KYVERNO_SKIPPED_NAMESPACES));

function twinWord(status: 'pass' | 'fail' | 'skipped', message: string): Verdict {
  if (status !== 'skipped') return status;
  return NAMESPACE_REASONS.has(message) ? 'not-admitted' : 'excepted';
}

// Several results on one object (one per container): a failure outweighs everything, then errors, then skips.
const ORDER: readonly Verdict[] = ['fail', 'suppressed', 'error', 'not-admitted', 'excepted', 'pass'];

function strongest(said: Said[]): Said {
  for (const v of ORDER) {
    const hit = said.filter((s) => s.verdict === v);
    if (hit.length) return { verdict: v, message: hit.map((s) => s.message).join('; ') };
  }
  return { verdict: 'none', message: 'the rule does not judge this kind' };
}

/** Kyverno's results grouped by resource (`Kind namespace/name`) and policy. */
export function kyvernoIndex(results: readonly KyvernoResult[]): Map<string, KyvernoResult[]> {
  const out = new Map<string, KyvernoResult[]>();
  for (const r of results) {
    const key = `${resourceKey(r)} ${r.policy}`;
    out.set(key, [...(out.get(key) ?? []), r]);
  }
  return out;
}

/** `Kind namespace/name` of an object or a report subject. */
export function resourceKey(o: KubeObject | { kind: string; namespace: string; name: string }): string {
  const m = 'metadata' in o ? { namespace: o.metadata.namespace ?? '', name: o.metadata.name } : o;
  return `${o.kind} ${m.namespace}/${m.name}`;
}

/** What Kyverno said about `o` for rule `ruleId` (policy `shai-<ruleId>`). */
export function kyvernoVerdict(index: Map<string, KyvernoResult[]>, o: KubeObject, ruleId: string): Said {
  const results = index.get(`${resourceKey(o)} shai-${ruleId}`) ?? [];
  const of = (...words: KyvernoResult['result'][]) => results.filter((r) => words.includes(r.result));
  const pick = (verdict: Verdict, hit: KyvernoResult[]): Said => ({
    verdict,
    message: hit.map((r) => `${r.rule}: ${r.message}`).join('; '),
  });
  if (of('fail', 'warn').length) return pick('fail', of('fail', 'warn'));
  if (of('error').length) return pick('error', of('error'));
  // A skip is a PolicyException's ("rule is skipped due to policy exceptions<ns>/<name>") or unmet preconditions.
  const excepted = of('skip').filter((r) => /policy exception/i.test(r.message));
  if (excepted.length) return pick('excepted', excepted);
  if (of('pass').length) return pick('pass', of('pass'));
  if (of('skip').length) return pick('none', of('skip'));
  return { verdict: 'none', message: 'no rule of the policy matched' };
}
