import type { Finding, Report, RuleInfo } from '../types.ts';
import { cmp, compareFindings, STATUS_ORDER, type Formatter } from './types.ts';

/** Copies the listed keys in this order, leaving out undefined ones: the JSON shape never depends on input order. */
function pick<T extends object>(o: T, keys: readonly (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** Sorts object keys recursively so free-form sections (`extra`) serialise the same way every time. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const entries = Object.entries(v).sort(([a], [b]) => cmp(a, b));
    return Object.fromEntries(entries.map(([k, x]) => [k, sortKeys(x)]));
  }
  return v;
}

function finding(f: Finding): object {
  return {
    ...pick(f, ['rule', 'severity', 'status']),
    target: pick(f.target, ['kind', 'namespace', 'name', 'file', 'line', 'jsonPath']),
    ...pick(f, ['service', 'configPath', 'area', 'message', 'fix']),
  };
}

/** The Report as data, with a fixed key order and findings sorted by status then severity. */
export function reportToJson(report: Report): object {
  const byStatus = (f: Finding) => STATUS_ORDER.indexOf(f.status);
  const findings = [...report.findings].sort((a, b) => byStatus(a) - byStatus(b) || compareFindings(a, b));
  return {
    tool: report.tool,
    subject: report.subject,
    counts: pick(report.counts, ['pass', 'fail', 'error', 'skipped']),
    findings: findings.map(finding),
    rules: [...report.rules]
      .sort((a, b) => cmp(a.id, b.id))
      .map((r: RuleInfo) => pick(r, ['id', 'title', 'severity', 'fix', 'docs'])),
    ...(report.extra ? { extra: sortKeys(report.extra) } : {}),
  };
}

/** `--format json`: the Report, indented, stable across runs and machines. */
export const jsonFormat: Formatter = {
  name: 'json',
  description: 'the report as JSON data',
  format: (report) => `${JSON.stringify(reportToJson(report), null, 2)}\n`,
};
