import { describe, expect, it } from 'vitest';
import { jsonFormat } from '../../../src/report/formats/json.ts';
import { OPTS, reversed, sampleReport } from './sample.ts';

describe('json format', () => {
  const out = jsonFormat.format(sampleReport(), OPTS);
  const data = JSON.parse(out);

  it('round-trips every finding, count and rule of the report', () => {
    const r = sampleReport();
    expect(data.counts).toEqual(r.counts);
    expect(data.findings).toHaveLength(r.findings.length);
    for (const f of r.findings) expect(data.findings).toContainEqual(f);
    expect(data.rules.map((x: { id: string }) => x.id)).toEqual(r.rules.map((x) => x.id).sort());
  });

  it('orders findings by status, then severity, with a fixed key order', () => {
    expect(
      data.findings.map((f: { status: string; severity: string }) => `${f.status}/${f.severity}`),
    ).toEqual(['fail/error', 'fail/warning', 'error/info', 'skipped/warning', 'pass/error']);
    expect(Object.keys(data)).toEqual(['tool', 'subject', 'counts', 'findings', 'rules']);
    expect(Object.keys(data.findings[0])).toEqual([
      'rule',
      'severity',
      'status',
      'target',
      'service',
      'configPath',
      'area',
      'message',
      'fix',
    ]);
  });

  it('is the same text whatever the input order, including free-form extra sections', () => {
    const a = { ...sampleReport(), extra: { scores: { z: 1, a: 2 } } };
    const b = { ...reversed(sampleReport()), extra: { scores: { a: 2, z: 1 } } };
    expect(jsonFormat.format(a, OPTS)).toBe(jsonFormat.format(b, OPTS));
    expect(jsonFormat.format(a, OPTS)).toContain('"scores": {\n      "a": 2,\n      "z": 1');
  });
});
