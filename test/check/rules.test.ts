import { readdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSchemas } from '../../src/k8s/validate.ts';
import { runCheck } from '../../src/check/engine.ts';
import { RULES } from '../../src/check/registry.ts';
import type { SourcedObject } from '../../src/check/types.ts';
import { loadFixture } from './load.ts';
import { loadTree } from './tree.ts';

const ROOT = join(import.meta.dirname, '../fixtures/check');

/**
 * Node inventory for a fixture: Node objects in the fixture itself plus `nodes.yaml` beside it (shared by
 * the rule's fixtures); undefined when there are none, so rules that need nodes report skipped.
 */
function split(dir: string, objects: SourcedObject[]) {
  const shared = join(dir, 'nodes.yaml');
  const nodes = [...objects, ...(existsSync(shared) ? loadFixture(shared) : [])].filter(
    (o) => o.object.kind === 'Node',
  );
  return {
    objects: objects.filter((o) => o.object.kind !== 'Node'),
    ...(nodes.length ? { nodes: nodes.map((n) => n.object) } : {}),
  };
}

// schema-valid needs the core Kubernetes schemas, imported on demand; load them all once.
beforeAll(() => loadSchemas());

describe.each(RULES.map((r) => [r.id, r] as const))('rule %s', (id, rule) => {
  const dir = join(ROOT, id);
  const files = existsSync(dir) ? readdirSync(dir).sort() : [];
  // A fixture is a file, or a directory of files (a tree with paths, e.g. for the gitops rules).
  const passes = files.filter((f) => /-passes(\.yaml)?$/.test(f));
  const fails = files.filter((f) => /-fails(\.yaml)?$/.test(f));

  it('has at least one passing and one failing fixture', () => {
    expect(passes.length, `test/fixtures/check/${id}/*-passes.yaml`).toBeGreaterThan(0);
    expect(fails.length, `test/fixtures/check/${id}/*-fails.yaml`).toBeGreaterThan(0);
  });

  const run = (f: string) => {
    const objects = statSync(join(dir, f)).isDirectory()
      ? loadTree(join(dir, f))
      : loadFixture(join(dir, f), f);
    const report = runCheck(split(dir, objects), [rule]);
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
