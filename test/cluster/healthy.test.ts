import { describe, expect, it } from 'vitest';
import { parseDumps } from '../../src/cluster/read-dump.ts';
import { runAnalyzers } from '../../src/cluster/analyzer.ts';
import { ANALYZERS } from '../../src/cluster/analyzers/index.ts';
import { healthyDump } from '../fixtures/cluster/healthy.ts';

describe('the healthy default platform', () => {
  it('has no fail, error or skipped finding', () => {
    const state = parseDumps(healthyDump());
    const findings = runAnalyzers(ANALYZERS, state);
    expect(findings.map((f) => `${f.rule} ${f.target.kind}/${f.target.name}: ${f.message}`)).toEqual([]);
    expect(state.objects('Pod').length).toBeGreaterThan(40);
  });
});
