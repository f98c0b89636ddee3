/** The text tables of `shai backup status` and `verify`. */
import { humanMinutes } from '../config/cron-gap.ts';
import type { DrillResult, ProbeOutcome } from './restore.ts';
import type { BackupRow } from './status.ts';

/** `1.2 GiB`, `340 MiB`, `12 KiB`. */
export function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)];
}

/** One line per service and method, then what failed. */
export function statusLines(rows: readonly BackupRow[]): string[] {
  const body = rows.map((r) => [
    r.service,
    r.method,
    r.state,
    r.lastGood ?? '-',
    r.ageMinutes === undefined ? '-' : `${humanMinutes(r.ageMinutes)} / ${humanMinutes(r.scheduleMinutes)}`,
    r.bytes === undefined ? '-' : humanBytes(r.bytes),
    r.where ?? '-',
  ]);
  const problems = rows.filter((r) => r.detail).map((r) => `${r.service} (${r.method}): ${r.detail}`);
  return [
    ...table(['SERVICE', 'METHOD', 'STATE', 'LAST GOOD', 'AGE / SCHEDULE', 'SIZE', 'WHERE'], body),
    ...problems,
  ];
}

/** The drill report: per service, restored or not, the time it took and the RPO achieved. */
export function drillLines(results: readonly DrillResult[]): string[] {
  const body = results.map((r) => [
    r.service,
    r.namespace,
    r.ok ? 'restored' : 'FAILED',
    r.restoreSeconds === undefined ? '-' : `${r.restoreSeconds} s`,
    r.rpoMinutes === undefined ? '-' : humanMinutes(r.rpoMinutes),
    r.detail ?? (r.probes?.length ? `proved ${r.probes.map((p) => p.what).join('; ')}` : ''),
  ]);
  return table(['SERVICE', 'NAMESPACE', 'RESULT', 'TIME TO RESTORE', 'RPO ACHIEVED', 'DETAIL'], body);
}

/** One line per probe that ran in a restored pod: what it proved, or why it did not. */
export function probeLines(service: string, outcomes: readonly ProbeOutcome[]): string[] {
  return outcomes.map((o) =>
    o.ok
      ? `${service}: proved ${o.what} (in ${o.pod})`
      : `${service}: FAILED to prove ${o.what}: ${o.detail}`,
  );
}
