import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseObjects, readNodes, readObjects } from '../../src/check/read.ts';
import { UserError } from '../../src/errors.ts';

describe('parseObjects', () => {
  it('gives each document its first content line and unwraps kubectl Lists', () => {
    const text = [
      '# header comment',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: a}',
      '---',
      '',
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- {apiVersion: v1, kind: Node, metadata: {name: n1}}',
      '- {apiVersion: v1, kind: Node, metadata: {name: n2}}',
    ].join('\n');
    expect(parseObjects(text, 'x.yaml').map((o) => [o.object.metadata.name, o.file, o.line])).toEqual([
      ['a', 'x.yaml', 2],
      ['n1', 'x.yaml', 10],
      ['n2', 'x.yaml', 11],
    ]);
  });

  it('points at each item of a List as kubectl prints it, nested sequences aside', () => {
    const text = [
      'apiVersion: v1',
      'items:',
      '- apiVersion: v1',
      '  kind: Node',
      '  metadata: {name: cp-1}',
      '  spec:',
      '    taints:',
      '    - {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}',
      '- apiVersion: v1',
      '  kind: Node',
      '  metadata: {name: gpu-1}',
      'kind: List',
      'metadata: {resourceVersion: ""}',
    ].join('\n');
    expect(parseObjects(text, 'nodes.yaml').map((o) => [o.object.metadata.name, o.line])).toEqual([
      ['cp-1', 3],
      ['gpu-1', 9],
    ]);
  });

  it('reads YAML 1.1 as kubectl does: on/yes are booleans, dates stay strings, merge keys apply', () => {
    const [o] = parseObjects(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: {d: 2024-01-01}}\nspec:\n  <<: {x: 1}\n  a: on\n  b: "on"\n',
      'x.yaml',
    );
    expect(o?.object.spec).toEqual({ x: 1, a: true, b: 'on' });
    expect(o?.object.metadata.labels).toEqual({ d: '2024-01-01' });
  });

  it('skips documents that are not Kubernetes objects (Helm values, empty documents)', () => {
    expect(parseObjects('replicaCount: 2\n---\n---\n# nothing\n', 'values.yaml')).toEqual([]);
  });

  it('reports a syntax error as file:line:col', () => {
    expect(() => parseObjects('a: 1\n---\napiVersion: v1\nkind: X\n  bad: [\n', 'bad.yaml')).toThrow(
      /^bad\.yaml:5:\d+ /,
    );
    expect(() => parseObjects('a: [\n', 'bad.yaml')).toThrow(UserError);
  });
});

describe('readObjects', () => {
  it('walks directories recursively in sorted order, reading .yaml, .yml and .json only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shai-check-'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'b', 'one.yml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b1}\n');
    writeFileSync(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a1}\n');
    writeFileSync(join(dir, 'notes.txt'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: no}\n');
    writeFileSync(
      join(dir, 'c.json'),
      '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c1"}}',
    );
    const objects = await readObjects(['.'], dir);
    expect(objects.map((o) => [o.file, o.object.metadata.name])).toEqual([
      ['a.yaml', 'a1'],
      ['b/one.yml', 'b1'],
      ['c.json', 'c1'],
    ]);
    await expect(readObjects(['missing'], dir)).rejects.toThrow('missing: no such file or directory');
    // An absolute path works from any working directory.
    expect((await readObjects([join(dir, 'a.yaml')], tmpdir())).map((o) => o.object.metadata.name)).toEqual([
      'a1',
    ]);
  });

  it('reads kubectl get nodes -o yaml output and refuses a file without nodes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shai-nodes-'));
    writeFileSync(
      join(dir, 'nodes.yaml'),
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Node\n  metadata: {name: gpu-1}\nmetadata: {resourceVersion: ""}\n',
    );
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    expect((await readNodes('nodes.yaml', dir)).map((n) => n.metadata.name)).toEqual(['gpu-1']);
    await expect(readNodes('cm.yaml', dir)).rejects.toThrow('cm.yaml: no Node objects');
  });
});
