import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/engine.ts';
import { RULES } from '../../src/check/registry.ts';
import { loadSchemas } from '../../src/k8s/validate.ts';
import { loadTree } from './tree.ts';

const ROOT = join(import.meta.dirname, '../fixtures/known-issues');

/** What a known issue must produce: the rule that reports it, as a failure of this severity. */
interface Expectation {
  rule: string;
  status: 'fail';
  severity: 'error' | 'warning' | 'info';
  /** A part of the message that shows the rule found this cause, not another one. */
  messageIncludes?: string;
}

// schema-valid loads the core Kubernetes schemas on demand.
beforeAll(() => loadSchemas());

/**
 * The failures of the seed roadmap, each reproduced as the manifests that caused it (and the nodes, where
 * scheduling matters): `shai check` with every rule on must report each with the right rule, as an error.
 */
describe.each(readdirSync(ROOT).sort())('known issue %s', (name) => {
  const dir = join(ROOT, name);
  const expected = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8')) as Expectation;

  it(`is reported by ${expected.rule} as ${expected.severity}`, () => {
    const all = loadTree(dir);
    const nodes = all.filter((o) => o.object.kind === 'Node').map((o) => o.object);
    const objects = all.filter((o) => o.object.kind !== 'Node');
    const report = runCheck({ objects, ...(nodes.length ? { nodes } : {}) }, RULES);
    const hits = report.findings.filter(
      (f) => f.rule === expected.rule && f.status === expected.status && f.severity === expected.severity,
    );
    expect(
      hits.map((f) => f.message),
      `findings: ${report.findings.map((f) => `${f.status} ${f.rule}: ${f.message}`).join('\n')}`,
    ).not.toEqual([]);
    if (expected.messageIncludes)
      expect(
        hits.some((f) => f.message.includes(expected.messageIncludes!)),
        hits.map((f) => f.message).join('\n'),
      ).toBe(true);
  });
});
