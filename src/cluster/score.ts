import type { Finding } from '../report/types.ts';
import type { Area } from './analyzer.ts';
import type { ClusterState } from './state.ts';

/** The score of one area: 100 minus the share of its objects that have problems, like Popeye's. */
export interface AreaScore {
  area: Area;
  /** Objects examined. */
  examined: number;
  /** Distinct objects with a fail or error finding. */
  failing: number;
  /** 0–100, or undefined when nothing could be examined. */
  score?: number;
  grade?: Grade;
}

/** Popeye's letter grades. */
export type Grade = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

/** Scores per area and for the whole cluster; put into `report.extra.scores`. */
export interface Scores {
  areas: AreaScore[];
  score?: number;
  grade?: Grade;
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
 * Scores every area: an object with an error-severity problem costs 1, one with only warnings 0.5.
 * The cluster score is the mean of the areas that examined something.
 */
export function scoreReport(findings: Finding[], examined: Partial<Record<Area, number>>): Scores {
  const penalty = new Map<string, Map<string, number>>();
  for (const f of findings) {
    if ((f.status !== 'fail' && f.status !== 'error') || !f.area) continue;
    const key = `${f.target.kind}/${f.target.namespace ?? ''}/${f.target.name}`;
    const byTarget = penalty.get(f.area) ?? new Map<string, number>();
    byTarget.set(
      key,
      Math.max(byTarget.get(key) ?? 0, f.severity === 'error' ? 1 : f.severity === 'warning' ? 0.5 : 0),
    );
    penalty.set(f.area, byTarget);
  }
  const areas: AreaScore[] = [];
  for (const [area, n] of Object.entries(examined) as [Area, number][]) {
    const p = penalty.get(area) ?? new Map<string, number>();
    const cost = [...p.values()].reduce((a, b) => a + b, 0);
    const total = Math.max(n, p.size);
    const s: AreaScore = { area, examined: n, failing: p.size };
    if (total > 0) {
      s.score = Math.max(0, Math.round(100 * (1 - cost / total)));
      s.grade = grade(s.score);
    }
    areas.push(s);
  }
  const scored = areas.filter((a) => a.score !== undefined);
  if (scored.length === 0) return { areas };
  const score = Math.round(scored.reduce((a, s) => a + s.score!, 0) / scored.length);
  return { areas, score, grade: grade(score) };
}
