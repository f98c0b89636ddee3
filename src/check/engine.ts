import type { KubeObject } from '../k8s/object.ts';
import { makeReport, type Finding, type Report, type RuleInfo } from '../report/types.ts';
import { placeInDestinations } from './delivery.ts';
import { splitApplied } from './hooks.ts';
import { buildIndex } from '../semantics/objects.ts';
import { INPUT_RULE, inputFindings, type InputProblem } from './input-rule.ts';
import { SUPPRESSION_RULE_ID, suppressionOf, type Suppression } from './suppress.ts';
import type { Rule, RuleContext, RuleResult, SourcedObject } from './types.ts';
import { UserError } from '../errors.ts';

/** What a check run examines: objects with their origin, and the node inventory when known. */
export interface CheckInput {
  objects: SourcedObject[];
  nodes?: KubeObject[];
  /** Documents of the checked files that are not Kubernetes objects: reported, since nothing checked them. */
  problems?: InputProblem[];
}

/** Options of a run: `only` limits it to these rule ids. */
export interface CheckOptions {
  only?: string[];
  /** Shown as the report's subject. */
  subject?: string;
}

/** Metadata of the engine's own rule, so formats can describe it like any other. */
export const SUPPRESSION_RULE: RuleInfo = {
  id: SUPPRESSION_RULE_ID,
  title: 'Suppressions state a reason',
  severity: 'error',
  fix: 'Add the annotation shai.dev/ignore-reason: "<why this object may break the rule>".',
};

/**
 * Runs rules over the objects and returns a Report. Only fail/error/skipped results become findings;
 * pass results are counted, in `counts.pass` and per rule in `extra.passed` (one per object and rule
 * that passed), which keeps JSON output readable for large trees while still showing what was checked.
 */
export function runCheck(input: CheckInput, rules: readonly Rule[], opts: CheckOptions = {}): Report {
  const selected = selectRules(rules, opts.only);
  // Rules judge what Argo CD applies, where it puts it: a namespace-less object lands in its Application's
  // namespace, and hooks Argo CD never runs are left out (the hook rule says so).
  const { applied: objects, notApplied } = splitApplied(placeInDestinations(input.objects));
  const ctx: RuleContext = {
    objects,
    notApplied,
    index: buildIndex(objects),
    ...(input.nodes ? { nodes: input.nodes } : {}),
  };
  const findings: Finding[] = [];
  // One pass reads every object's annotations; only the few objects with a suppression are kept.
  const suppressions = new Map<SourcedObject, Suppression>();
  for (const o of objects) {
    const s = suppressionOf(o);
    if (s) suppressions.set(o, s);
  }
  const passed: Record<string, number> = {};
  for (const rule of selected) {
    passed[rule.id] = 0;
    if (rule.needsNodes && !input.nodes) {
      findings.push(ruleFinding(rule, 'skipped', 'no node inventory given (pass --nodes FILE)'));
      continue;
    }
    let results: RuleResult[];
    try {
      results = rule.check(ctx);
    } catch (e) {
      findings.push(ruleFinding(rule, 'error', `rule failed: ${e instanceof Error ? e.message : String(e)}`));
      continue;
    }
    let passes = 0;
    for (const r of results) {
      if (r.status === 'pass') {
        passes++;
        continue;
      }
      const f = toFinding(rule, r);
      const s = r.status === 'fail' ? suppressionOfMaybe(suppressions, r.object) : undefined;
      if (s?.reason && s.rules.has(rule.id)) {
        f.status = 'skipped';
        f.message = `suppressed (${s.reason}): ${f.message}`;
      }
      findings.push(f);
    }
    passed[rule.id] = passes;
  }
  for (const [o, s] of suppressions) if (!s.reason) findings.push(suppressionFinding(o, s));
  const problems = input.problems ?? [];
  for (const f of inputFindings(problems)) findings.push(f);
  findings.sort(compareFindings);
  const engineRules = problems.length ? [SUPPRESSION_RULE, INPUT_RULE] : [SUPPRESSION_RULE];
  const infos = [...selected.map(ruleInfo), ...engineRules].sort((a, b) => cmp(a.id, b.id));
  const report = makeReport('check', opts.subject ?? '', findings, infos, { passed });
  report.counts.pass = Object.values(passed).reduce((a, b) => a + b, 0);
  return report;
}

/** The suppression of a result's object; rules may report objects outside the run's list (read afresh then). */
function suppressionOfMaybe(
  known: Map<SourcedObject, Suppression>,
  o: SourcedObject,
): Suppression | undefined {
  return known.get(o) ?? suppressionOf(o);
}

function selectRules(rules: readonly Rule[], only: string[] | undefined): readonly Rule[] {
  if (!only?.length) return rules;
  const known = new Set(rules.map((r) => r.id));
  const unknown = only.filter((id) => !known.has(id));
  if (unknown.length)
    throw new UserError(`unknown rule ${unknown.join(', ')} (known: ${[...known].sort().join(', ')})`);
  return rules.filter((r) => only.includes(r.id));
}

function toFinding(rule: Rule, r: RuleResult): Finding {
  const { object, file, line, service, configPath } = r.object;
  const m = object.metadata ?? ({} as KubeObject['metadata']);
  return {
    rule: rule.id,
    severity: r.severity ?? rule.severity,
    status: r.status,
    target: {
      kind: object.kind,
      ...(m.namespace !== undefined ? { namespace: m.namespace } : {}),
      name: m.name,
      ...(file !== undefined ? { file } : {}),
      ...(line !== undefined ? { line } : {}),
      ...(r.jsonPath !== undefined ? { jsonPath: r.jsonPath } : {}),
    },
    ...(service !== undefined ? { service } : {}),
    ...(configPath !== undefined ? { configPath } : {}),
    message: r.message,
    fix: rule.fix,
    area: rule.family,
  };
}

/** A finding about the rule itself (it threw, or could not run). */
function ruleFinding(rule: Rule, status: 'error' | 'skipped', message: string): Finding {
  return {
    rule: rule.id,
    severity: rule.severity,
    status,
    target: { kind: 'Rule', name: rule.id },
    message,
    fix: rule.fix,
    area: rule.family,
  };
}

function suppressionFinding(o: SourcedObject, s: Suppression): Finding {
  const pseudo: Rule = {
    ...SUPPRESSION_RULE,
    family: 'engine',
    targets: ['*'],
    docs: '',
    fix: SUPPRESSION_RULE.fix ?? '',
    check: () => [],
  };
  const message = `shai.dev/ignore: ${[...s.rules].join(',')} has no shai.dev/ignore-reason; the suppression is not applied`;
  return toFinding(pseudo, { object: o, status: 'fail', message, jsonPath: '.metadata.annotations' });
}

function ruleInfo(r: Rule): RuleInfo {
  return { id: r.id, title: r.title, severity: r.severity, fix: r.fix, docs: r.docs };
}

/** Orders findings by file, line, rule, then object and path, so output is the same on every run. */
export function compareFindings(a: Finding, b: Finding): number {
  const ta = a.target;
  const tb = b.target;
  return (
    cmp(ta.file ?? '', tb.file ?? '') ||
    (ta.line ?? 0) - (tb.line ?? 0) ||
    cmp(a.rule, b.rule) ||
    cmp(ta.kind, tb.kind) ||
    cmp(ta.namespace ?? '', tb.namespace ?? '') ||
    cmp(ta.name ?? '', tb.name ?? '') ||
    cmp(ta.jsonPath ?? '', tb.jsonPath ?? '') ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
