import { describe, expect, it } from 'vitest';
import { shouldColor, textFormat } from '../../../src/report/formats/text.ts';
import { OPTS, reversed, sampleReport } from './sample.ts';

describe('text format', () => {
  const out = textFormat.format(sampleReport(), OPTS);

  it('groups findings by status, problems first, each group headed with its count', () => {
    const headings = out.split('\n').filter((l) => /^[A-Z]+/.test(l));
    expect(headings).toEqual([
      'FAIL: the platform is wrong (1)',
      'WARNINGS: worth fixing (1)',
      'ERROR: shai could not check (1)',
      'SKIPPED: not checked (1)',
      'PASS (1)',
    ]);
  });

  it('never heads warnings with "the platform is wrong": a warnings-only report exits 0 by default', () => {
    const report = sampleReport();
    report.findings = report.findings.filter((f) => f.severity !== 'error');
    const text = textFormat.format(report, OPTS);
    expect(text).not.toContain('FAIL');
    expect(text).toContain('WARNINGS: worth fixing (1)');
  });

  it('labels only failures with a severity: what was not checked shows no "error" it did not find', () => {
    const lines = out.split('\n');
    const skipped = lines[lines.indexOf('SKIPPED: not checked (1)') + 1]!;
    expect(skipped).toMatch(/^ {2}probes-present {2}ClusterRole shai-reader {2}no node inventory/);
    const error = lines[lines.indexOf('ERROR: shai could not check (1)') + 1]!;
    expect(error).toMatch(/^ {2}storage-class-exists {2}PersistentVolumeClaim ai\/models {2}rule failed/);
  });

  it('puts errors first and aligns the columns of a group', () => {
    const lines = out.split('\n');
    const i = lines.indexOf('FAIL: the platform is wrong (1)');
    expect(lines[i + 1]).toMatch(/^ {2}error {2}image-pinned {2}Deployment ai\/open-webui {2}image "ghcr.io/);
    const j = lines.indexOf('WARNINGS: worth fixing (1)');
    expect(lines[j + 1]).toMatch(
      /^ {2}warning {2}resource-limits {2}StatefulSet ai\/qdrant {2}container qdrant/,
    );
    expect(i).toBeLessThan(j);
  });

  it('says where to fix a finding: file and line, JSON path, platform.yaml key, and the fix', () => {
    expect(out).toContain(
      'at services/open-webui/deployment.yaml:12 · $.spec.template.spec.containers[0].image · key services.open-webui.image',
    );
    expect(out).toContain('fix: Pin the image to a version tag such as v0.6.5.');
  });

  it('ends with the counts of the report', () => {
    expect(out.endsWith('\n1 passed, 2 failed, 1 error, 1 skipped\n')).toBe(true);
    expect(out.startsWith('shai check: platform.yaml\n')).toBe(true);
  });

  it('has no escape codes without colour, and colours severities with it', () => {
    expect(out).not.toContain('\x1b[');
    const coloured = textFormat.format(sampleReport(), { ...OPTS, color: true });
    expect(coloured).toContain('\x1b[31merror');
    expect(coloured).toContain('\x1b[33mwarning');
    expect(
      coloured
        .split('\x1b[')
        .map((part, i) => (i ? part.replace(/^\d+m/, '') : part))
        .join(''),
    ).toBe(out);
  });

  it('does not depend on the order of the findings', () => {
    expect(textFormat.format(reversed(sampleReport()), OPTS)).toBe(out);
  });
});

describe('shouldColor', () => {
  it('colours only on a terminal, without NO_COLOR and without --no-color', () => {
    expect(shouldColor(true, {}, true)).toBe(true);
    expect(shouldColor(false, {}, true)).toBe(false);
    expect(shouldColor(true, { NO_COLOR: '1' }, true)).toBe(false);
    expect(shouldColor(true, {}, false)).toBe(false);
    // no-color.org: an empty NO_COLOR does not disable colour.
    expect(shouldColor(true, { NO_COLOR: '' }, true)).toBe(true);
  });
});
