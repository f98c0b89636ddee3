import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/engine.ts';
import { RULES } from '../../src/check/registry.ts';
import { loadFixture } from './load.ts';

const ROOT = join(import.meta.dirname, '../fixtures/check');

/** Node inventory for fixtures of rules that need nodes: `nodes.yaml` beside the fixtures, if any. */
function nodesFor(dir: string) {
  const f = join(dir, 'nodes.yaml');
  return existsSync(f) ? loadFixture(f).map((s) => s.object) : undefined;
}

describe.each(RULES.map((r) => [r.id, r] as const))('rule %s', (id, rule) => {
  const dir = join(ROOT, id);
  const files = existsSync(dir) ? readdirSync(dir).sort() : [];
  const passes = files.filter((f) => f.endsWith('-passes.yaml'));
  const fails = files.filter((f) => f.endsWith('-fails.yaml'));

  it('has at least one passing and one failing fixture', () => {
    expect(passes.length, `test/fixtures/check/${id}/*-passes.yaml`).toBeGreaterThan(0);
    expect(fails.length, `test/fixtures/check/${id}/*-fails.yaml`).toBeGreaterThan(0);
  });

  const run = (f: string) => {
    const nodes = nodesFor(dir);
    const report = runCheck({ objects: loadFixture(join(dir, f), f), ...(nodes ? { nodes } : {}) }, [rule]);
    return report.findings.filter((x) => x.rule === id);
  };

  it.each(fails)('%s yields a fail finding', (f) => {
    const findings = run(f);
    expect(findings.filter((x) => x.status === 'error')).toEqual([]);
    expect(findings.filter((x) => x.status === 'fail').length).toBeGreaterThan(0);
  });

  it.each(passes)('%s yields no fail finding', (f) => {
    const findings = run(f);
    expect(findings.filter((x) => x.status === 'fail' || x.status === 'error')).toEqual([]);
  });
});
