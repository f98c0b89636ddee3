import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { UserError } from '../../src/errors.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { readManifests } from '../../src/k8s/read.ts';
import { parseManifests, toYaml } from '../../src/k8s/yaml.ts';

const yaml11Words = [
  'on',
  'off',
  'yes',
  'no',
  'y',
  'n',
  'On',
  'NO',
  'true',
  'null',
  '~',
  '012',
  '0x1F',
  '1e3',
  '12:30',
];

function configMap(data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flags', namespace: 'ai' }, data };
}

describe('toYaml', () => {
  it('quotes YAML 1.1 booleans and numbers so they read back as strings in YAML 1.1 and 1.2', () => {
    const data = Object.fromEntries(yaml11Words.map((w, i) => [`k${i}`, w]));
    const text = toYaml(configMap(data));
    expect(parseManifests(text, 'x.yaml').objects[0]!.object['data']).toEqual(data);
    expect(parseDocument(text, { version: '1.2' }).toJS().data).toEqual(data);
    expect(text).toContain('k0: "on"');
  });

  it('quotes keys that YAML 1.1 reads as booleans', () => {
    const text = toYaml(configMap({ y: 'a', n: 'b', on: 'c' }));
    expect(parseManifests(text, 'x.yaml').objects[0]!.object['data']).toEqual({ y: 'a', n: 'b', on: 'c' });
  });

  it('puts apiVersion, kind, metadata (name, namespace, labels, annotations) first, then spec, then the rest in insertion order', () => {
    const obj = {
      status: {},
      spec: { b: 1, a: 2 },
      metadata: {
        annotations: { z: '1', a: '2' },
        uid: 'u',
        labels: { b: 'x', a: 'w' },
        namespace: 'ai',
        name: 'web',
      },
      kind: 'Deployment',
      extra: true,
      apiVersion: 'apps/v1',
    };
    const lines = toYaml(obj)
      .split('\n')
      .filter((l) => /^ {0,2}\S/.test(l));
    expect(lines).toEqual([
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      '  namespace: ai',
      '  labels:',
      '  annotations:',
      '  uid: u',
      'spec:',
      '  b: 1',
      '  a: 2',
      'status: {}',
      'extra: true',
    ]);
    expect(toYaml(obj)).toMatch(/labels:\n {4}a: w\n {4}b: x\n/);
  });

  it('writes multi-line strings as block literals and never folds long lines', () => {
    const long = `${'word '.repeat(60)}end`;
    const text = toYaml(configMap({ 'config.yaml': 'model_list:\n  - model_name: llama\n', long }));
    expect(text).toContain('config.yaml: |\n    model_list:\n      - model_name: llama\n');
    expect(text).toContain(`long: ${long}\n`);
  });

  it('is deterministic and writes no anchors for shared objects', () => {
    const labels = { app: 'x' };
    const obj = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'x', labels },
      spec: { selector: labels },
    };
    const a = toYaml([obj, configMap({ a: 'b' })]);
    expect(a).toBe(toYaml([structuredClone(obj), configMap({ a: 'b' })]));
    expect(a).not.toMatch(/[&*]a1/);
    expect(a.split('\n---\n')).toHaveLength(2);
  });
});

describe('parseManifests', () => {
  it('reads multi-document YAML with the line of each document, skipping empty and non-object documents', () => {
    const text = [
      '---',
      '# a comment',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: a}',
      '---',
      '---',
      'just a string',
      '---',
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: b',
      '',
    ].join('\n');
    const { objects, problems } = parseManifests(text, 'm.yaml');
    expect(objects.map((o) => [o.object.kind, o.file, o.line])).toEqual([
      ['ConfigMap', 'm.yaml', 3],
      ['Secret', 'm.yaml', 10],
    ]);
    expect(problems).toEqual([]);
  });

  it('unwraps List objects, each item with its own line', () => {
    const text =
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: b}\n';
    expect(parseManifests(text, 'l.yaml').objects.map((o) => [o.object.metadata.name, o.line])).toEqual([
      ['a', 4],
      ['b', 7],
    ]);
  });

  it('reads JSON, including a kubectl List', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [configMap({ a: 'on' }), configMap({ b: 'no' })] };
    const text = JSON.stringify(list, null, 2);
    const { objects } = parseManifests(text, 'dump.json');
    expect(objects.map((o) => o.object)).toEqual(list.items);
    expect(objects.map((o) => o.line)).toEqual([5, 16]);
  });

  it('finds item lines in JSON whose strings hold brackets, quotes and nested items keys', () => {
    const tricky = {
      ...configMap({ a: '{"items": [1, 2]}', b: 'say \\"]\\" and }' }),
      spec: { items: [{ x: 1 }] },
    };
    const list = {
      kind: 'List',
      apiVersion: 'v1',
      metadata: { resourceVersion: '' },
      items: [tricky, configMap({ c: '[' })],
    };
    const text = JSON.stringify(list, null, 1);
    const { objects } = parseManifests(text, 'dump.json');
    const lines = text.split('\n');
    expect(objects.map((o) => o.object)).toEqual(list.items);
    expect(objects.map((o) => lines[o.line - 1]!.trim())).toEqual(['{', '{']);
    expect(objects[1]!.line).toBeGreaterThan(objects[0]!.line + 10);
  });

  it('reports invalid JSON with its position', () => {
    expect(() => parseManifests('{"apiVersion": "v1",\n "kind": "ConfigMap"\n', 'bad.json')).toThrow(
      /^bad\.json:\d+:\d+: \S/,
    );
  });

  it('reports documents that are objects but not Kubernetes objects', () => {
    const { objects, problems } = parseManifests(
      'replicaCount: 1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n',
      'values.yaml',
    );
    expect(objects).toHaveLength(1);
    expect(problems).toEqual([
      {
        file: 'values.yaml',
        line: 1,
        message: 'values.yaml:1: document has no apiVersion and kind, not a Kubernetes object',
      },
    ]);
  });

  it('throws one UserError with file:line:col for invalid YAML', () => {
    const bad = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n   namespace: b\n';
    expect(() => parseManifests(bad, 'bad.yaml')).toThrow(UserError);
    expect(() => parseManifests(bad, 'bad.yaml')).toThrow(
      'bad.yaml:4:9: Nested mappings are not allowed in compact mappings',
    );
  });

  it('reads unquoted on/yes as booleans, as Kubernetes does', () => {
    const { objects } = parseManifests(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: on, b: "on", c: yes}\n',
      'x.yaml',
    );
    expect(objects[0]!.object['data']).toEqual({ a: true, b: 'on', c: true });
  });
});

describe('readManifests', () => {
  let root = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'shai-read-'));
    await mkdir(join(root, 'b/nested'), { recursive: true });
    await mkdir(join(root, '.git'));
    await writeFile(join(root, 'b/nested/z.yml'), toYaml(configMap({ f: 'z' })));
    await writeFile(join(root, 'a.yaml'), toYaml([configMap({ f: 'a1' }), configMap({ f: 'a2' })]));
    await writeFile(join(root, 'c.json'), JSON.stringify(configMap({ f: 'c' })));
    await writeFile(join(root, 'notes.txt'), 'not a manifest');
    await writeFile(join(root, '.git/config.yaml'), 'x: [');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('reads directories recursively in sorted order, only manifest files, skipping hidden ones', async () => {
    const { objects } = await readManifests([root], root);
    expect(objects.map((o) => [o.file, o.line, (o.object['data'] as { f: string }).f])).toEqual([
      ['a.yaml', 1, 'a1'],
      ['a.yaml', 9, 'a2'],
      ['b/nested/z.yml', 1, 'z'],
      ['c.json', 1, 'c'],
    ]);
  });

  it('names a missing path in a UserError', async () => {
    await expect(readManifests([join(root, 'missing')])).rejects.toThrow(UserError);
  });
});
