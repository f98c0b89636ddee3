import type { Finding, Report, Status, Target } from '../types.ts';

/** What every formatter may use besides the report. */
export interface FormatOptions {
  /** ANSI colours; only the text format uses them. */
  color: boolean;
  /** shai's version, for formats that name the tool (SARIF). */
  version: string;
  /** Where to read about shai (package.json `homepage`), for formats that link to the tool. */
  homepage?: string;
}

/** One output format: a pure function from Report to text. One per file, listed in index.ts. */
export interface Formatter {
  name: string;
  description: string;
  format(report: Report, opts: FormatOptions): string;
}

/** Statuses in the order people read them: problems first. */
export const STATUS_ORDER: readonly Status[] = ['fail', 'error', 'skipped', 'pass'];

/** `Deployment ai/open-webui`, or `ClusterRole admin` for cluster-scoped objects. */
export function describeTarget(t: Target): string {
  return `${t.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name}`;
}

/** `services/ai/open-webui.yaml:12`, or undefined when the finding has no file. */
export function describeFile(t: Target): string | undefined {
  if (!t.file) return undefined;
  return t.line ? `${t.file}:${t.line}` : t.file;
}

/** `12 passed, 2 failed, 1 error, 0 skipped`: the one summary line every human format agrees on. */
export function summaryLine(report: Report): string {
  const c = report.counts;
  return `${c.pass} passed, ${c.fail} failed, ${c.error} ${c.error === 1 ? 'error' : 'errors'}, ${c.skipped} skipped`;
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/** Severity first (error, warning, info), then rule, target and message: stable for any input order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    cmp(a.rule, b.rule) ||
    cmp(describeTarget(a.target), describeTarget(b.target)) ||
    cmp(a.message, b.message)
  );
}

/** compareFindings, with findings of equal severity put in the report's area order (root causes first). */
export function findingOrder(report: Report): (a: Finding, b: Finding) => number {
  const order = report.areaOrder;
  if (!order) return compareFindings;
  const rank = (f: Finding) => {
    const i = order.indexOf(f.area ?? '');
    return i < 0 ? order.length : i;
  };
  return (a, b) =>
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || rank(a) - rank(b) || compareFindings(a, b);
}

/** Code-point comparison: unlike localeCompare it gives the same order on every machine. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
