import type { Finding, Report } from '../report/types.ts';
import type { Explanation } from './explain.ts';
import type { ProbeResult } from './probes.ts';
import type { AreaScore, Scores } from './score.ts';

const TITLES: Record<string, string> = {
  nodes: 'Nodes',
  pods: 'Pods',
  workloads: 'Workloads',
  storage: 'Storage',
  gitops: 'GitOps (Argo CD)',
  certificates: 'Certificates',
  ingress: 'Ingress',
  intent: 'Intent (platform.yaml against the cluster)',
  probes: 'Probes',
};

/** The doctor Report as VERIFICATION_REPORT.md: summary table, a section per area, cause and fix per finding. */
export function verificationReport(report: Report, generatedAt: Date): string {
  const scores = report.extra?.scores as Scores | undefined;
  const c = report.counts;
  const out = [
    '# Verification report',
    '',
    `Cluster: \`${report.subject}\` · checked by \`shai doctor\` at ${generatedAt.toISOString()}`,
    '',
    `${headline(scores)}${c.pass} passed, ${c.fail} failed, ${c.error} errors, ${c.skipped} skipped`,
    '',
    '| Area | Objects | With problems | Score |',
    '|---|---:|---:|---|',
    ...(scores?.areas ?? []).map(
      (a) => `| ${TITLES[a.area] ?? a.area} | ${a.examined} | ${a.failing} | ${areaScore(a)} |`,
    ),
    '',
  ];
  for (const area of Object.keys(TITLES)) {
    const inArea = report.findings.filter(
      (f) => f.area === area && (f.status === 'fail' || f.status === 'error'),
    );
    const examined = scores?.areas.some((a) => a.area === area);
    if (!examined && inArea.length === 0) continue;
    out.push(`## ${TITLES[area]}`, '');
    if (inArea.length === 0) out.push('No problems found.', '');
    for (const f of inArea) out.push(...section(f));
  }
  const probes = report.extra?.probes as ProbeResult[] | undefined;
  if (probes?.length) {
    out.push('### Probe results', '', '| Service | URL | Status | Latency |', '|---|---|---|---:|');
    for (const p of probes)
      out.push(`| ${p.service} | ${p.url} | ${p.status ?? p.error} | ${p.ms ?? ''} ms |`);
    out.push('');
  }
  const skipped = report.findings.filter((f) => f.status === 'skipped');
  if (skipped.length) {
    out.push('## Not checked', '', ...skipped.map((f) => `- \`${f.rule}\`: ${f.message}`), '');
  }
  const ex = report.extra?.explanation as Explanation | undefined;
  if (ex) {
    out.push(
      '## LLM explanation',
      '',
      `> Written by the language model \`${ex.model}\` (${ex.endpoint}) from the findings above, with object names hidden from it. It may be wrong; the findings above are shai's own.`,
      '',
      ex.text,
      '',
    );
  }
  return out.join('\n');
}

function headline(scores: Scores | undefined): string {
  if (scores?.grade) return `**Cluster score: ${scores.score}/100 (${scores.grade})** · `;
  if (scores?.unknown.length)
    return `**Cluster score: unknown** (shai could not read enough of ${scores.unknown.join(', ')} to judge it) · `;
  return '';
}

function areaScore(a: AreaScore): string {
  if (a.unknown) return `unknown: ${esc(a.unknown)}`;
  if (!a.grade) return 'n/a';
  const partial = a.coverage ? `, partial: ${a.coverage.ran} of ${a.coverage.checks} analyzers ran` : '';
  return `${a.score} (${a.grade}${partial})`;
}

/** `<node>` in a fix text would vanish as an HTML tag when the Markdown is rendered. */
const esc = (s: string) => s.replace(/</g, '&lt;').replace(/>/g, '&gt;');

function section(f: Finding): string[] {
  const where = f.target.namespace ? `${f.target.namespace}/${f.target.name}` : f.target.name;
  const lines = [
    `### ${f.severity === 'error' ? '✗' : '⚠'} ${f.target.kind} ${where}`,
    '',
    `- **Problem** (\`${f.rule}\`, ${f.severity}): ${esc(f.message)}`,
  ];
  if (f.fix) lines.push(`- **Fix:** ${esc(f.fix)}`);
  if (f.service)
    lines.push(`- **Service:** ${f.service}${f.configPath ? ` (\`${f.configPath}\` in platform.yaml)` : ''}`);
  else if (f.configPath) lines.push(`- **platform.yaml:** \`${f.configPath}\``);
  lines.push('');
  return lines;
}
