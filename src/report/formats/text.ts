import type { Finding, Severity, Status } from '../types.ts';
import {
  compareFindings,
  describeFile,
  describeTarget,
  STATUS_ORDER,
  summaryLine,
  type Formatter,
} from './types.ts';

const ANSI = { reset: 0, bold: 1, dim: 2, red: 31, green: 32, yellow: 33, magenta: 35, cyan: 36 } as const;
type Style = keyof typeof ANSI;

const STATUS_STYLE: Record<Status, Style> = {
  fail: 'red',
  error: 'magenta',
  skipped: 'yellow',
  pass: 'green',
};
const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'cyan' };
const HEADINGS: Record<Status, string> = {
  fail: 'FAIL: the platform is wrong',
  error: 'ERROR: shai could not check',
  skipped: 'SKIPPED',
  pass: 'PASS',
};

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
    for (const status of STATUS_ORDER) {
      const group = report.findings.filter((f) => f.status === status).sort(compareFindings);
      if (!group.length) continue;
      out.push('', paint('bold', paint(STATUS_STYLE[status], `${HEADINGS[status]} (${group.length})`)));
      out.push(...table(group, paint));
    }
    out.push('', summaryLine(report));
    return `${out.join('\n')}\n`;
  },
};

function table(group: Finding[], paint: (style: Style, s: string) => string): string[] {
  const rows = group.map((f) => [f.severity, f.rule, describeTarget(f.target)] as const);
  const width = (i: 0 | 1 | 2) => Math.max(...rows.map((r) => r[i].length));
  const widths = [width(0), width(1), width(2)] as const;
  const indent = ' '.repeat(2 + widths[0] + 2);
  const lines: string[] = [];
  group.forEach((f, i) => {
    const [severity, rule, target] = rows[i]!;
    const sev = paint(SEVERITY_STYLE[f.severity], severity.padEnd(widths[0]));
    lines.push(`  ${sev}  ${rule.padEnd(widths[1])}  ${target.padEnd(widths[2])}  ${f.message}`.trimEnd());
    const where = [describeFile(f.target), f.target.jsonPath, f.configPath && `key ${f.configPath}`];
    const at = where.filter(Boolean).join(' · ');
    if (at) lines.push(paint('dim', `${indent}at ${at}`));
    if (f.fix && f.status !== 'pass') lines.push(paint('dim', `${indent}fix: ${f.fix}`));
  });
  return lines;
}
