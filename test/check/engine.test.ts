import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/engine.ts';
import type { Rule, SourcedObject } from '../../src/check/types.ts';
import { RULES } from '../../src/check/registry.ts';
import { UserError } from '../../src/errors.ts';

const obj = (
  name: string,
  annotations?: Record<string, string>,
  file = 'a.yaml',
  line = 1,
): SourcedObject => ({
  object: {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'ai', ...(annotations ? { annotations } : {}) },
  },
  file,
  line,
});

/** A rule failing every ConfigMap whose name starts with `bad`. */
const badName: Rule = {
  id: 'bad-name',
  title: 'No bad names',
  severity: 'error',
  family: 'test',
  targets: ['ConfigMap'],
  fix: 'rename it',
  docs: '',
  check: (ctx) =>
    ctx.index
      .byKind('ConfigMap')
      .map((o) =>
        o.object.metadata.name.startsWith('bad')
          ? { object: o, status: 'fail' as const, message: 'bad name', jsonPath: '.metadata.name' }
          : { object: o, status: 'pass' as const, message: 'ok' },
      ),
};

const throwing: Rule = {
  ...badName,
  id: 'throws',
  check: () => {
    throw new Error('boom');
  },
};
const nodeRule: Rule = { ...badName, id: 'needs-nodes', needsNodes: true, check: () => [] };

describe('runCheck', () => {
  it('maps fail results to findings with target, fix and family, and counts passes', () => {
    const r = runCheck({ objects: [obj('bad-1', undefined, 'x.yaml', 7), obj('good')] }, [badName]);
    expect(r.findings).toEqual([
      {
        rule: 'bad-name',
        severity: 'error',
        status: 'fail',
        message: 'bad name',
        fix: 'rename it',
        area: 'test',
        target: {
          kind: 'ConfigMap',
          namespace: 'ai',
          name: 'bad-1',
          file: 'x.yaml',
          line: 7,
          jsonPath: '.metadata.name',
        },
      },
    ]);
    expect(r.counts).toEqual({ pass: 1, fail: 1, error: 0, skipped: 0 });
    expect(r.extra).toEqual({ passed: { 'bad-name': 1 } });
    expect(r.rules.map((x) => x.id)).toEqual(['bad-name', 'suppression-needs-reason']);
  });

  it('turns a throwing rule into one error finding and runs the other rules', () => {
    const r = runCheck({ objects: [obj('bad-1')] }, [throwing, badName]);
    const err = r.findings.filter((f) => f.status === 'error');
    expect(err).toHaveLength(1);
    expect(err[0]).toMatchObject({ rule: 'throws', message: expect.stringContaining('boom') });
    expect(r.findings.some((f) => f.rule === 'bad-name' && f.status === 'fail')).toBe(true);
  });

  it('reports rules that need nodes as skipped without an inventory, and runs them with one', () => {
    const without = runCheck({ objects: [obj('a')] }, [nodeRule]);
    expect(without.findings).toMatchObject([{ rule: 'needs-nodes', status: 'skipped' }]);
    const withNodes = runCheck({ objects: [obj('a')], nodes: [] }, [nodeRule]);
    expect(withNodes.findings).toEqual([]);
  });

  it('skips suppressed failures and keeps the reason', () => {
    const o = obj('bad-1', {
      'shai.dev/ignore': 'other-rule, bad-name',
      'shai.dev/ignore-reason': 'legacy name kept for clients',
    });
    const r = runCheck({ objects: [o] }, [badName]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({
      status: 'skipped',
      message: expect.stringContaining('legacy name kept for clients'),
    });
  });

  it('does not apply a suppression without a reason and reports it', () => {
    const o = obj('bad-1', { 'shai.dev/ignore': 'bad-name' });
    const r = runCheck({ objects: [o] }, [badName]);
    expect(r.findings.map((f) => [f.rule, f.status, f.severity])).toEqual([
      ['bad-name', 'fail', 'error'],
      ['suppression-needs-reason', 'fail', 'error'],
    ]);
  });

  it('orders findings by file, line and rule whatever the input order', () => {
    const objects = [
      obj('bad-c', undefined, 'b.yaml', 3),
      obj('bad-a', undefined, 'a.yaml', 9),
      obj('bad-b', undefined, 'a.yaml', 2),
    ];
    const a = runCheck({ objects }, [badName]);
    const b = runCheck({ objects: [...objects].reverse() }, [badName]);
    expect(a.findings.map((f) => `${f.target.file}:${f.target.line}`)).toEqual([
      'a.yaml:2',
      'a.yaml:9',
      'b.yaml:3',
    ]);
    expect(JSON.stringify(b)).toEqual(JSON.stringify(a));
  });

  it('runs only the rules asked for and refuses unknown ids', () => {
    const r = runCheck({ objects: [obj('bad-1')] }, RULES, { only: ['no-plain-secrets'] });
    expect(r.rules.map((x) => x.id)).toEqual(['no-plain-secrets', 'suppression-needs-reason']);
    expect(() => runCheck({ objects: [] }, RULES, { only: ['no-such-rule'] })).toThrow(UserError);
  });
});

describe('registry', () => {
  it('has unique kebab-case ids, sorted, with complete metadata', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.title && r.fix && r.docs && r.family && r.targets.length).toBeTruthy();
    }
  });
});
