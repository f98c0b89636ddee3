import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose, doctorReport } from '../../src/cluster/diagnose.ts';
import { parseDumps, readDumpFiles } from '../../src/cluster/read-dump.ts';
import { verificationReport } from '../../src/cluster/report-md.ts';
import { grade, scoreReport, type Scores } from '../../src/cluster/score.ts';
import { areaCoverage, COVERAGE_THRESHOLD } from '../../src/cluster/coverage.ts';
import type { Finding } from '../../src/report/types.ts';
import { healthyDump } from '../fixtures/cluster/healthy.ts';

const dumps = join(import.meta.dirname, '../fixtures/cluster/dumps');
const fail = (area: string, name: string, severity: Finding['severity']): Finding => ({
  rule: 'r',
  area,
  severity,
  status: 'fail',
  target: { kind: 'Pod', namespace: 'ai', name },
  message: 'm',
});

describe('scores', () => {
  it('grades like Popeye: A from 90, F below 50', () => {
    expect([100, 90, 89, 80, 70, 60, 50, 49, 0].map(grade)).toEqual([
      'A',
      'A',
      'B',
      'B',
      'C',
      'D',
      'E',
      'F',
      'F',
    ]);
  });

  it('costs 1 per object with an error and 0.5 with only warnings, counting each object once', () => {
    const s = scoreReport(
      [
        fail('pods', 'a', 'error'),
        fail('pods', 'a', 'warning'),
        fail('pods', 'b', 'warning'),
        fail('nodes', 'n', 'error'),
      ],
      { pods: 10, nodes: 2, gitops: 0 },
    );
    expect(s.areas).toEqual([
      { area: 'nodes', examined: 2, failing: 1, score: 50, grade: 'E' },
      { area: 'pods', examined: 10, failing: 2, score: 85, grade: 'B' },
      { area: 'gitops', examined: 0, failing: 0 },
    ]);
    expect(s).toMatchObject({ score: 68, grade: 'D' });
  });

  it('gives the healthy platform an A in every area and puts the scores in report.extra', () => {
    const state = parseDumps(healthyDump());
    const report = doctorReport(state.source, diagnose(state));
    const scores = report.extra!.scores as Scores;
    expect(scores.grade).toBe('A');
    expect(scores.areas.map((a) => `${a.area}:${a.grade}`)).toEqual([
      'nodes:A',
      'pods:A',
      'workloads:A',
      'storage:A',
      'gitops:A',
      'certificates:A',
      'ingress:A',
    ]);
    // What passed is counted: every object examined without a problem.
    const examined = scores.areas.reduce((n, a) => n + a.examined, 0);
    expect(report.counts).toEqual({ pass: examined, fail: 0, error: 0, skipped: 0 });
    expect(examined).toBeGreaterThan(100);
  });

  it('counts as passed only the objects without a problem', () => {
    const broken = parseDumps([
      ...healthyDump(),
      { name: 'crash.json', text: readFileSync(join(dumps, 'pod-crashloop-oomkilled-fails.json'), 'utf8') },
    ]);
    const report = doctorReport(broken.source, diagnose(broken));
    const scores = report.extra!.scores as Scores;
    const failing = scores.areas.reduce((n, a) => n + a.failing, 0);
    const examined = scores.areas.reduce((n, a) => n + a.examined, 0);
    expect(failing).toBeGreaterThan(0);
    expect(report.counts.pass).toBe(examined - failing);
  });
});

describe('coverage', () => {
  const checks = [
    { id: 'a', area: 'pods' as const },
    { id: 'b', area: 'pods' as const },
    { id: 'c', area: 'pods' as const },
    { id: 'n', area: 'nodes' as const },
  ];
  const skipped = (rule: string, area: string): Finding => ({
    rule,
    area,
    severity: 'info',
    status: 'skipped',
    target: { kind: 'Analyzer', name: rule },
    message: 'not run: Pod could not be read',
  });

  it('makes an area unknown, never graded, when fewer than half of its analyzers ran', () => {
    const findings = [skipped('a', 'pods'), skipped('b', 'pods')];
    const s = scoreReport(findings, { pods: 10, nodes: 2 }, areaCoverage(checks, findings));
    expect(s.areas.find((a) => a.area === 'pods')).toEqual({
      area: 'pods',
      examined: 10,
      failing: 0,
      coverage: { checks: 3, ran: 1, notRun: ['a', 'b'] },
      unknown: 'only 1 of 3 analyzers could run (not run: a, b)',
    });
    expect(s).toMatchObject({ unknown: ['pods'], passed: 2 });
    expect(s.grade).toBeUndefined();
    expect(s.score).toBeUndefined();
  });

  it(`grades an area where at least ${COVERAGE_THRESHOLD * 100} % ran, and says it is partial`, () => {
    const findings = [skipped('a', 'pods')];
    const s = scoreReport(findings, { pods: 10, nodes: 2 }, areaCoverage(checks, findings));
    expect(s.areas.find((a) => a.area === 'pods')).toMatchObject({
      grade: 'A',
      coverage: { checks: 3, ran: 2, notRun: ['a'] },
    });
    expect(s).toMatchObject({ grade: 'A', unknown: [] });
  });

  it('makes an area unknown when none of the kinds it counts could be read', () => {
    const s = scoreReport([], { nodes: 2 }, areaCoverage(checks, []));
    expect(s.areas.find((a) => a.area === 'pods')?.unknown).toBe('none of Pod could be read');
    expect(s.grade).toBeUndefined();
  });

  it('counts an analyzer that crashed as not run, not as a broken object', () => {
    const crashed: Finding = { ...skipped('n', 'nodes'), status: 'error', severity: 'error' };
    const s = scoreReport([crashed], { nodes: 2 }, areaCoverage(checks, [crashed]));
    expect(s.areas.find((a) => a.area === 'nodes')).toMatchObject({
      failing: 0,
      unknown: expect.any(String),
    });
  });
});

describe('VERIFICATION_REPORT.md', () => {
  it('has the summary table, a section per area and cause and fix per finding', async () => {
    const state = await readDumpFiles([join(dumps, 'qemu-binfmt-orphan-crashloop-fails.json')]);
    const report = doctorReport('cluster-dump', diagnose(state), {
      explanation: {
        source: 'llm',
        model: 'qwen3:14b',
        endpoint: 'https://llm.home.arpa/v1',
        text: 'Delete the orphan.',
      },
    });
    const md = verificationReport(report, new Date('2026-11-28T12:00:00Z'));
    expect(md).toMatch(
      /^# Verification report\n\nCluster: `cluster-dump` · checked by `shai doctor` at 2026-11-28T12:00:00.000Z/,
    );
    expect(md).toContain('| Pods | 2 | 2 | 0 (F) |');
    expect(md).toContain('### ✗ Application argocd/qemu-binfmt');
    expect(md).toMatch(/- \*\*Problem\*\* \(`argocd-app`, error\): its source no longer exists/);
    expect(md).toMatch(/- \*\*Fix:\*\* Delete the Application/);
    expect(md).toContain('## Not checked');
    expect(md).toMatch(/## LLM explanation\n\n> Written by the language model `qwen3:14b`.*It may be wrong/);
    expect(md.indexOf('## Nodes')).toBeLessThan(md.indexOf('## Pods'));
  });
});
