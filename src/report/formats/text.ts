import type { Finding, Severity } from '../types.ts';
import { describeFile, findingOrder, describeTarget, summaryLine, type Formatter } from './types.ts';

const ANSI = { reset: 0, bold: 1, dim: 2, red: 31, green: 32, yellow: 33, magenta: 35, cyan: 36 } as const;
type Style = keyof typeof ANSI;

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'cyan' };
/** The groups of the table, in reading order. A fail of warning or info severity is not "the platform is wrong". */
const GROUPS: { heading: string; style: Style; holds(f: Finding): boolean; severity: boolean }[] = [
  {
    heading: 'FAIL: the platform is wrong',
    style: 'red',
    holds: (f) => f.status === 'fail' && f.severity === 'error',
    severity: true,
  },
  {
    heading: 'WARNINGS: worth fixing',
    style: 'yellow',
    holds: (f) => f.status === 'fail' && f.severity !== 'error',
    severity: true,
  },
  // The rule's severity says how bad a failure would be; for what was not checked it would only mislead.
  {
    heading: 'ERROR: shai could not check',
    style: 'magenta',
    holds: (f) => f.status === 'error',
    severity: false,
  },
  { heading: 'SKIPPED: not checked', style: 'yellow', holds: (f) => f.status === 'skipped', severity: false },
  { heading: 'PASS', style: 'green', holds: (f) => f.status === 'pass', severity: false },
];

/**
 * Colours only on a terminal, never with NO_COLOR set to anything non-empty (no-color.org), never with
 * --no-color: piped output and CI logs stay plain.
 */
export function shouldColor(isTTY: boolean, env: Record<string, string | undefined>, flag: boolean): boolean {
  return isTTY && flag && !env.NO_COLOR;
}

/** Human-readable table grouped by status, most severe first, closed by the summary line. */
export const textFormat: Formatter = {
  name: 'text',
  description: 'a readable table grouped by status (colours on a terminal)',
  format(report, opts) {
    const paint = (style: Style, s: string) => (opts.color ? `\x1b[${ANSI[style]}m${s}\x1b[0m` : s);
    const out: string[] = [`shai ${report.tool}: ${report.subject}`];
    const order = findingOrder(report);
    for (const g of GROUPS) {
      const group = report.findings.filter(g.holds).sort(order);
      if (!group.length) continue;
      out.push('', paint('bold', paint(g.style, `${g.heading} (${group.length})`)));
      out.push(...table(group, paint, g.severity));
    }
    out.push('', summaryLine(report));
    return `${out.join('\n')}\n`;
  },
};

function table(group: Finding[], paint: (style: Style, s: string) => string, severity: boolean): string[] {
  const rows = group.map((f) => [severity ? f.severity : '', f.rule, describeTarget(f.target)] as const);
  const width = (i: 0 | 1 | 2) => Math.max(...rows.map((r) => r[i].length));
  const widths = [width(0), width(1), width(2)] as const;
  const lead = severity ? 2 + widths[0] + 2 : 4;
  const indent = ' '.repeat(lead);
  const lines: string[] = [];
  group.forEach((f, i) => {
    const [sev, rule, target] = rows[i]!;
    const first = severity ? `${paint(SEVERITY_STYLE[f.severity], sev.padEnd(widths[0]))}  ` : '';
    lines.push(`  ${first}${rule.padEnd(widths[1])}  ${target.padEnd(widths[2])}  ${f.message}`.trimEnd());
    const where = [describeFile(f.target), f.target.jsonPath, f.configPath && `key ${f.configPath}`];
    const at = where.filter(Boolean).join(' · ');
    if (at) lines.push(paint('dim', `${indent}at ${at}`));
    if (f.fix && f.status !== 'pass') lines.push(paint('dim', `${indent}fix: ${f.fix}`));
  });
  return lines;
}
