import type { Finding, Report } from '../types.ts';
import { cmp, compareFindings, describeFile, describeTarget, type Formatter } from './types.ts';

// XML 1.0 cannot carry most control characters even escaped; drop them rather than emit a file parsers reject.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;

/** Escapes text for XML attributes and content. */
export function escapeXml(s: string): string {
  return s
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

function detail(f: Finding): string {
  const lines = [f.message];
  const file = describeFile(f.target);
  if (file) lines.push(`file: ${file}`);
  if (f.target.jsonPath) lines.push(`path: ${f.target.jsonPath}`);
  if (f.configPath) lines.push(`key: ${f.configPath}`);
  if (f.fix) lines.push(`fix: ${f.fix}`);
  return escapeXml(lines.join('\n'));
}

function testcase(f: Finding): string {
  const head = `    <testcase${attrs({ name: describeTarget(f.target), classname: f.rule })}`;
  const a = attrs({ message: f.message, type: f.severity });
  switch (f.status) {
    case 'pass':
      return `${head}/>`;
    case 'fail':
      return `${head}>\n      <failure${a}>${detail(f)}</failure>\n    </testcase>`;
    case 'error':
      return `${head}>\n      <error${a}>${detail(f)}</error>\n    </testcase>`;
    case 'skipped':
      return `${head}>\n      <skipped${attrs({ message: f.message })}/>\n    </testcase>`;
  }
}

function counts(fs: Finding[]) {
  const n = (s: Finding['status']) => fs.filter((f) => f.status === s).length;
  return { tests: fs.length, failures: n('fail'), errors: n('error'), skipped: n('skipped') };
}

/** JUnit XML for CI test tabs: one testsuite per rule, one testcase per finding. */
export const junitFormat: Formatter = {
  name: 'junit',
  description: 'JUnit XML, one testsuite per rule',
  format(report: Report) {
    const ids = new Set([...report.rules.map((r) => r.id), ...report.findings.map((f) => f.rule)]);
    const suites = [...ids].sort(cmp).map((id) => {
      const fs = report.findings.filter((f) => f.rule === id).sort(compareFindings);
      const open = `  <testsuite${attrs({ name: id, ...counts(fs) })}`;
      return fs.length ? `${open}>\n${fs.map(testcase).join('\n')}\n  </testsuite>` : `${open}/>`;
    });
    const root = attrs({ name: `shai ${report.tool}: ${report.subject}`, ...counts(report.findings) });
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${root}>\n${suites.join('\n')}\n</testsuites>\n`;
  },
};
