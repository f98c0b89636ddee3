import type { Plan } from '../plan/types.ts';
import { makeReport, type Finding, type Report } from '../report/types.ts';
import { analyzerInfo, runAnalyzers, type Analyzer, type Area } from './analyzer.ts';
import { ANALYZERS } from './analyzers/index.ts';
import { annotate, intentAnalyzer } from './intent.ts';
import { examinedCounts, scoreReport } from './score.ts';
import type { ClusterState } from './state.ts';

/** What a diagnosis produced before it becomes a Report: findings, the analyzers that ran, what each area examined. */
export interface Diagnosis {
  findings: Finding[];
  analyzers: Analyzer[];
  examined: Partial<Record<Area, number>>;
}

/** Runs every analyzer (and, with a plan, the intent comparison) on a ClusterState. Pure. */
export function diagnose(state: ClusterState, plan?: Plan): Diagnosis {
  const analyzers = plan ? [...ANALYZERS, intentAnalyzer(plan)] : [...ANALYZERS];
  const raw = runAnalyzers(analyzers, state);
  const findings = plan ? annotate(plan, state, raw) : raw;
  const examined = examinedCounts(
    state,
    plan ? { intent: plan.services.length + plan.config.cluster.nodes.length } : {},
  );
  return { findings, analyzers, examined };
}

/** The doctor Report: findings in a stable order, scores per area and for the cluster in `extra.scores`. */
export function doctorReport(subject: string, d: Diagnosis, extra: Record<string, unknown> = {}): Report {
  const findings = [...d.findings].sort(byAreaThenTarget);
  const scores = scoreReport(findings, d.examined);
  const rules = [
    ...analyzerInfo(d.analyzers),
    ...(findings.some((f) => f.rule === 'probe')
      ? [{ id: 'probe', title: 'Exposed hosts answer within budget', severity: 'error' as const }]
      : []),
  ];
  return makeReport('doctor', subject, findings, rules, { scores, ...extra });
}

const AREA_ORDER: Area[] = [
  'nodes',
  'pods',
  'workloads',
  'storage',
  'gitops',
  'certificates',
  'ingress',
  'intent',
  'probes',
];

function byAreaThenTarget(a: Finding, b: Finding): number {
  const key = (f: Finding) =>
    [
      String(AREA_ORDER.indexOf(f.area as Area)).padStart(2, '0'),
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
