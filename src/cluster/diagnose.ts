import type { Plan } from '../plan/types.ts';
import { makeReport, type Finding, type Report } from '../report/types.ts';
import { analyzerInfo, AREAS, runAnalyzers, type Analyzer, type Area } from './analyzer.ts';
import { ANALYZERS } from './analyzers/index.ts';
import { areaCoverage } from './coverage.ts';
import { annotate, intentAnalyzer } from './intent.ts';
import { kindInfo } from './kinds.ts';
import { examinedCounts, scoreReport } from './score.ts';
import type { ClusterState } from './state.ts';

/** What a diagnosis produced before it becomes a Report: findings, the analyzers that ran, what each area examined. */
export interface Diagnosis {
  findings: Finding[];
  analyzers: Analyzer[];
  examined: Partial<Record<Area, number>>;
}

/** The rule id of the findings that say which kinds could not be read. */
export const READ_RULE = 'cluster-read';

/** Runs every analyzer (and, with a plan, the intent comparison) on a ClusterState. Pure. */
export function diagnose(state: ClusterState, plan?: Plan): Diagnosis {
  const analyzers = plan ? [...ANALYZERS, intentAnalyzer(plan)] : [...ANALYZERS];
  const raw = runAnalyzers(analyzers, state);
  const findings = [...unreadable(state), ...(plan ? annotate(plan, state, raw) : raw)];
  const examined = examinedCounts(
    state,
    plan ? { intent: plan.services.length + plan.config.cluster.nodes.length } : {},
  );
  return { findings, analyzers, examined };
}

/** One finding per kind that could not be read, with what to do about it (the grant, the credentials). */
function unreadable(state: ClusterState): Finding[] {
  return [...state.unavailable].map(([kind, p]) => ({
    rule: READ_RULE,
    severity: 'warning',
    status: 'skipped',
    target: { kind: 'Resource', name: kindInfo(kind)?.kubectl ?? kind },
    message: `could not read ${kind}: ${p.reason}`,
    fix: p.fix,
  }));
}

/**
 * The doctor Report: findings in area order, scores per area and for the cluster in `extra.scores`, and the
 * objects examined without a problem counted as passed (doctor does not list them one by one).
 */
export function doctorReport(subject: string, d: Diagnosis, extra: Record<string, unknown> = {}): Report {
  const findings = [...d.findings].sort(byAreaThenTarget);
  const coverage = areaCoverage(d.analyzers, findings);
  const scores = scoreReport(findings, d.examined, coverage);
  const rules = [
    ...analyzerInfo(d.analyzers),
    ...(findings.some((f) => f.rule === READ_RULE)
      ? [{ id: READ_RULE, title: 'Kinds the credentials can read', severity: 'warning' as const }]
      : []),
    ...(findings.some((f) => f.rule === 'probe')
      ? [{ id: 'probe', title: 'Exposed hosts answer within budget', severity: 'error' as const }]
      : []),
  ];
  const report = makeReport('doctor', subject, findings, rules, { scores, ...extra });
  report.counts.pass = scores.passed;
  report.areaOrder = AREAS;
  return report;
}

function byAreaThenTarget(a: Finding, b: Finding): number {
  const key = (f: Finding) =>
    [
      String(f.area ? AREAS.indexOf(f.area as Area) : -1).padStart(2, '0'),
      f.rule,
      f.target.kind,
      f.target.namespace ?? '',
      f.target.name,
      f.message,
    ].join('\u0000');
  const x = key(a);
  const y = key(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
