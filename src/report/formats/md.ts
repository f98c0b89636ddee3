import type { Finding, Report } from '../types.ts';
import {
  cmp,
  compareFindings,
  describeFile,
  describeTarget,
  STATUS_ORDER,
  summaryLine,
  type Formatter,
} from './types.ts';

/** Markdown special characters in free text would turn names like `*_latest_*` into formatting. */
function escapeMd(s: string): string {
  return s.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}

const LABEL = { fail: 'Failed', error: 'Could not check', skipped: 'Skipped', pass: 'Passed' } as const;

function item(f: Finding): string {
  const head = `- **${f.status}** (${f.severity}) \`${f.rule}\` on ${escapeMd(describeTarget(f.target))}: ${escapeMd(f.message)}`;
  const where = [describeFile(f.target), f.target.jsonPath, f.configPath].filter((x): x is string => !!x);
  const lines = [head];
  if (where.length) lines.push(`  - where: ${where.map((w) => `\`${w.replace(/`/g, "'")}\``).join(', ')}`);
  if (f.fix && f.status !== 'pass') lines.push(`  - fix: ${escapeMd(f.fix)}`);
  return lines.join('\n');
}

/** A section per area when findings have one (doctor), else per rule (check). */
function sectionOf(f: Finding): string {
  return f.area ?? f.rule;
}

/** Markdown for pull-request comments and job summaries: counts, then each area or rule with its findings. */
export const mdFormat: Formatter = {
  name: 'md',
  description: 'Markdown: a summary table, then a section per area or rule',
  format(report: Report) {
    const out = [
      `# shai ${report.tool}: ${escapeMd(report.subject)}`,
      '',
      '| Status | Count |',
      '| --- | ---: |',
    ];
    for (const s of STATUS_ORDER) out.push(`| ${LABEL[s]} | ${report.counts[s]} |`);
    out.push('', summaryLine(report));
    const sections = [...new Set(report.findings.map(sectionOf))].sort(cmp);
    for (const name of sections) {
      const fs = report.findings.filter((f) => sectionOf(f) === name);
      const byStatus = (f: Finding) => STATUS_ORDER.indexOf(f.status);
      fs.sort((a, b) => byStatus(a) - byStatus(b) || compareFindings(a, b));
      out.push('', `## ${escapeMd(name)}`, '', ...fs.map(item));
    }
    return `${out.join('\n')}\n`;
  },
};
