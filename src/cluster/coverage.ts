import type { Finding } from '../report/types.ts';
import type { Area } from './analyzer.ts';

/**
 * An area is graded only when at least half of its analyzers ran. An analyzer runs only when it could read
 * every kind it needs, so below half the grade would rest on a minority of the checks the area exists for:
 * most failures it is meant to catch (an image that cannot be pulled, a pod the scheduler cannot place)
 * would go unseen and still be called healthy. At half or more the grade is shown, marked partial, with
 * the analyzers that did not run listed, so the reader sees exactly what was not checked.
 */
export const COVERAGE_THRESHOLD = 0.5;

/** How much of an area shai could check. */
export interface AreaCoverage {
  area: Area;
  /** Analyzers (or probes, intent) of the area. */
  checks: number;
  /** Ids of those that did not run: a kind they need could not be read, or they crashed. */
  notRun: string[];
}

/** One check of an area: an analyzer, or a pseudo-analyzer such as `probe` or `intent` without a plan. */
export interface Check {
  id: string;
  area: Area;
}

/**
 * Coverage per area, from the checks that were due and the findings: a check did not run when it has a
 * `skipped` or `error` finding about itself (target kind `Analyzer`). Findings about checks that are not
 * in `checks` (probes skipped for want of a plan, intent not planned) add those checks.
 */
export function areaCoverage(
  checks: readonly Check[],
  findings: readonly Finding[],
): Map<Area, AreaCoverage> {
  const due = new Map<string, Area>(checks.map((c) => [c.id, c.area]));
  const notRun = new Set<string>();
  for (const f of findings) {
    if (f.target.kind !== 'Analyzer' || !f.area) continue;
    due.set(f.rule, f.area as Area);
    if (f.status === 'skipped' || f.status === 'error') notRun.add(f.rule);
  }
  const out = new Map<Area, AreaCoverage>();
  for (const [id, area] of due) {
    const c = out.get(area) ?? { area, checks: 0, notRun: [] };
    c.checks++;
    if (notRun.has(id)) c.notRun.push(id);
    out.set(area, c);
  }
  return out;
}

/** True when too few of the area's checks ran for its grade to mean anything. */
export function belowThreshold(c: AreaCoverage): boolean {
  return (c.checks - c.notRun.length) / c.checks < COVERAGE_THRESHOLD;
}
