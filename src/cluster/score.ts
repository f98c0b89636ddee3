import type { Finding } from '../report/types.ts';
import { AREAS, type Area } from './analyzer.ts';
import { belowThreshold, type AreaCoverage } from './coverage.ts';
import type { ClusterState } from './state.ts';

/** The score of one area: 100 minus the share of its objects that have problems, like Popeye's. */
export interface AreaScore {
  area: Area;
  /** Objects examined. */
  examined: number;
  /** Distinct objects with a fail or error finding. */
  failing: number;
  /** 0–100; undefined when nothing could be examined or the area is unknown. */
  score?: number;
  grade?: Grade;
  /** Checks (analyzers) of the area and how many ran; absent when all ran. */
  coverage?: { checks: number; ran: number; notRun: string[] };
  /** Why the area could not be judged: too little of it could be read. Never graded then. */
  unknown?: string;
}

/** Popeye's letter grades. */
export type Grade = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

/** Scores per area and for the whole cluster; put into `report.extra.scores`. */
export interface Scores {
  areas: AreaScore[];
  /** The mean of the graded areas; absent when any area is unknown (the cluster cannot be called healthy). */
  score?: number;
  grade?: Grade;
  /** Areas shai could not judge; the run's exit code is 4 when there are any and nothing failed. */
  unknown: Area[];
  /** Objects examined without a problem in the areas that could be judged. */
  passed: number;
}

/** Kinds whose objects each area examines (the denominator of its score). */
export const AREA_KINDS: Record<Exclude<Area, 'intent' | 'probes'>, string[]> = {
  nodes: ['Node'],
  pods: ['Pod'],
  workloads: ['Deployment', 'StatefulSet', 'DaemonSet'],
  storage: ['PersistentVolumeClaim', 'Volume'],
  gitops: ['Application'],
  certificates: ['Certificate'],
  ingress: ['Ingress', 'IngressRoute'],
};

/** A–F from 0–100: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, E ≥ 50, else F. */
export function grade(score: number): Grade {
  return score >= 90
    ? 'A'
    : score >= 80
      ? 'B'
      : score >= 70
        ? 'C'
        : score >= 60
          ? 'D'
          : score >= 50
            ? 'E'
            : 'F';
}

/** How many objects each area examined in this state (plus extra counts for intent and probes). */
export function examinedCounts(
  state: ClusterState,
  extra: Partial<Record<Area, number>> = {},
): Partial<Record<Area, number>> {
  const out: Partial<Record<Area, number>> = {};
  for (const [area, kinds] of Object.entries(AREA_KINDS) as [Area, string[]][]) {
    if (kinds.some((k) => state.available(k)))
      out[area] = kinds.reduce((n, k) => n + state.objects(k).length, 0);
  }
  return { ...out, ...extra };
}

/**
 * Scores every area that could be judged: an object with an error-severity problem costs 1, one with only
 * warnings 0.5. An area is unknown when less than COVERAGE_THRESHOLD of its analyzers ran, or when none of
 * the kinds it counts could be read; the cluster gets a score only when no area is unknown.
 */
export function scoreReport(
  findings: Finding[],
  examined: Partial<Record<Area, number>>,
  coverage: ReadonlyMap<Area, AreaCoverage> = new Map(),
): Scores {
  const penalty = penalties(findings);
  const areas: AreaScore[] = [];
  for (const area of AREAS) {
    const n = examined[area];
    const cov = coverage.get(area);
    if (n === undefined && !cov) continue;
    const p = penalty.get(area) ?? new Map<string, number>();
    const s: AreaScore = { area, examined: n ?? 0, failing: p.size };
    if (cov && cov.notRun.length > 0)
      s.coverage = { checks: cov.checks, ran: cov.checks - cov.notRun.length, notRun: cov.notRun };
    const unknown = whyUnknown(area, n, cov);
    if (unknown) s.unknown = unknown;
    else {
      const cost = [...p.values()].reduce((a, b) => a + b, 0);
      const total = Math.max(n ?? 0, p.size);
      if (total > 0) {
        s.score = Math.max(0, Math.round(100 * (1 - cost / total)));
        s.grade = grade(s.score);
      }
    }
    areas.push(s);
  }
  const unknown = areas.filter((a) => a.unknown).map((a) => a.area);
  const passed = areas
    .filter((a) => !a.unknown)
    .reduce((sum, a) => sum + Math.max(0, a.examined - a.failing), 0);
  const scored = areas.filter((a) => a.score !== undefined);
  if (scored.length === 0 || unknown.length > 0) return { areas, unknown, passed };
  const score = Math.round(scored.reduce((a, s) => a + s.score!, 0) / scored.length);
  return { areas, score, grade: grade(score), unknown, passed };
}

function whyUnknown(
  area: Area,
  examined: number | undefined,
  cov: AreaCoverage | undefined,
): string | undefined {
  if (cov && belowThreshold(cov)) {
    const ran = cov.checks - cov.notRun.length;
    return `only ${ran} of ${cov.checks} analyzers could run (not run: ${cov.notRun.join(', ')})`;
  }
  if (examined === undefined && area in AREA_KINDS)
    return `none of ${AREA_KINDS[area as keyof typeof AREA_KINDS].join(', ')} could be read`;
  return undefined;
}

/** Per area, per object: the cost of its worst problem (error 1, warning 0.5, info 0). */
function penalties(findings: Finding[]): Map<string, Map<string, number>> {
  const penalty = new Map<string, Map<string, number>>();
  for (const f of findings) {
    if ((f.status !== 'fail' && f.status !== 'error') || !f.area) continue;
    if (f.target.kind === 'Analyzer') continue; // a crashed analyzer is lost coverage, not a broken object
    const key = `${f.target.kind}/${f.target.namespace ?? ''}/${f.target.name}`;
    const byTarget = penalty.get(f.area) ?? new Map<string, number>();
    byTarget.set(
      key,
      Math.max(byTarget.get(key) ?? 0, f.severity === 'error' ? 1 : f.severity === 'warning' ? 0.5 : 0),
    );
    penalty.set(f.area, byTarget);
  }
  return penalty;
}
