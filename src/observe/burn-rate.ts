import type { AlertSpec, Runbook, TestSeries } from './types.ts';

/** An availability objective measured as bad events over all events, from two counters. */
export interface Objective {
  alert: string;
  service: string;
  title: string;
  /** Target share of good events, e.g. 0.995. */
  target: number;
  /** PromQL of the rate of bad and of all events over a window, e.g. `sum(rate(x[5m]))`. */
  bad: (window: string) => string;
  all: (window: string) => string;
  runbook: Runbook;
  /** Counter series for the unit test: `bad` and `all` get values that make the share of bad events `share`. */
  series: (share: number) => TestSeries[];
}

// Multi-window, multi-burn-rate alerts (Google SRE workbook, ch. 5): a fast burn pages when 2% of a 30-day
// budget is gone within an hour, a slow burn opens a ticket when 5% is gone within six hours; each needs its
// short window too, so the alert resolves soon after the burn stops.
const WINDOWS = [
  { long: '1h', short: '5m', factor: 14.4, for: '2m', severity: 'critical' as const },
  { long: '6h', short: '30m', factor: 6, for: '15m', severity: 'warning' as const },
];

/** The page and the ticket rule of an objective. */
export function burnRateAlerts(o: Objective): AlertSpec[] {
  const budget = 1 - o.target;
  return WINDOWS.map((w) => {
    const ratio = (win: string) => `(${o.bad(win)} / ${o.all(win)})`;
    const limit = +(w.factor * budget).toFixed(6);
    return {
      alert: o.alert,
      expr: `${ratio(w.long)} > ${limit} and ${ratio(w.short)} > ${limit}`,
      for: w.for,
      severity: w.severity,
      service: o.service,
      summary: `${o.title} burns its error budget ${w.factor}× too fast`,
      description: `Over ${w.long} and ${w.short}, {{ $value | humanizePercentage }} of requests failed the objective of ${(o.target * 100).toFixed(1)}%.`,
      runbook: o.runbook,
      // 90% of events bad exceeds every burn limit of an objective up to 95%; none bad never does. Six and a half hours of samples
      // fill the slow rule's long window.
      test: { fire: o.series(0.9), quiet: o.series(0), labels: {}, evalTime: '400m' },
    };
  });
}
