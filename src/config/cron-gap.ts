/*
 * How often a five-field cron schedule (platform.yaml's `backup.schedule`, already validated by config/cron.ts)
 * runs: the longest gap between two consecutive runs. `shai backup status` compares a backup's age with it, the
 * disaster-recovery numbers (RPO) are computed from it, and doctor's stale-backup analyzers read the schedules on
 * the cluster with it; here, below all three.
 */

/**
 * A scheduled run may take a while after its minute: a backup is stale only when it is older than the schedule's
 * longest gap plus this (`shai backup status` and doctor's stale-backup analyzers both judge so).
 */
export const GRACE_MINUTES = 60;

/** `3d 4h`, `2h 5m`, `12m`: an age or a gap in minutes as people read it (`never` for no end). */
export function humanMinutes(m: number): string {
  if (!Number.isFinite(m)) return 'never';
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  if (d) return h ? `${d}d ${h}h` : `${d}d`;
  if (h) return min ? `${h}h ${min}m` : `${h}h`;
  return `${min}m`;
}

const RANGES: readonly [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

/** The values one field allows (lists, ranges, steps, `*`); day-of-week 7 is Sunday, as 0. */
function values(field: string, [lo, hi]: [number, number]): Set<number> {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new Error(`not a cron field: ${field}`);
    const from = m[1] === '*' ? lo : Number(m[2]);
    const to = m[1] === '*' ? hi : m[3] !== undefined ? Number(m[3]) : m[4] ? hi : from;
    const step = m[4] ? Number(m[4]) : 1;
    for (let v = from; v <= to; v += step) out.add(v);
  }
  if (hi === 7 && out.has(7)) out.add(0);
  return out;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Every run of the expression in [start, start + days), as epoch milliseconds (UTC), in order. */
export function cronRuns(expr: string, start: number, days: number): number[] {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`not a five-field cron expression: ${expr}`);
  const [min, hour, dom, month, dow] = fields.map((f, i) => values(f, RANGES[i]!));
  // Both day fields restricted: a day matching either runs (vixie cron, robfig/cron as Velero uses it).
  const either = fields[2] !== '*' && fields[4] !== '*';
  const minutes = [...min!].sort((a, b) => a - b);
  const hours = [...hour!].sort((a, b) => a - b);
  const runs: number[] = [];
  for (let day = start; day < start + days * DAY; day += DAY) {
    const d = new Date(day);
    if (!month!.has(d.getUTCMonth() + 1)) continue;
    const byDom = dom!.has(d.getUTCDate());
    const byDow = dow!.has(d.getUTCDay());
    if (!(either ? byDom || byDow : byDom && byDow)) continue;
    for (const h of hours) for (const m of minutes) runs.push(day + (h * 60 + m) * MINUTE);
  }
  return runs;
}

/**
 * The longest gap in minutes between consecutive runs over 400 days from 2027-01-01 (no leap day): long enough
 * to see every monthly or yearly pattern once. A schedule that never runs is Infinity.
 */
export function cronGapMinutes(expr: string): number {
  const runs = cronRuns(expr, Date.UTC(2027, 0, 1), 400);
  if (runs.length === 0) return Infinity;
  // A single run in the span: it recurs no more often than yearly.
  if (runs.length === 1) return 366 * 24 * 60;
  let gap = 0;
  for (let i = 1; i < runs.length; i++) gap = Math.max(gap, (runs[i]! - runs[i - 1]!) / MINUTE);
  return gap;
}
