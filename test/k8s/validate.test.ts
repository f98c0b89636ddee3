import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InternalError } from '../../src/errors.ts';
import { knownKinds, schemaSource } from '../../src/k8s/schemas.ts';
import { isNoSchemaIssue, loadSchemas, validateObject } from '../../src/k8s/validate.ts';
import { parseManifests } from '../../src/k8s/yaml.ts';

const dir = 'test/fixtures/k8s';
const valid = readdirSync(join(dir, 'valid'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const invalid = readdirSync(join(dir, 'invalid'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function load(path: string) {
  return parseManifests(readFileSync(path, 'utf8'), path).objects.map((m) => m.object);
}

/** `# expect: <jsonPath> | <message>` lines at the top of an invalid fixture. */
function expectations(path: string): { jsonPath: string; message: string }[] {
  return [...readFileSync(path, 'utf8').matchAll(/^# expect: (\S+) \| (.*)$/gm)].map((m) => ({
    jsonPath: m[1]!,
    message: m[2]!,
  }));
}

beforeAll(async () => {
  await loadSchemas(
    [...valid.map((f) => join(dir, 'valid', f)), ...invalid.map((f) => join(dir, 'invalid', f))].flatMap(
      load,
    ),
  );
});

describe('validateObject on valid objects', () => {
  it.each(valid)('%s has no issues', (file) => {
    const objects = load(join(dir, 'valid', file));
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects)
      expect({ kind: o.kind, name: o.metadata.name, issues: validateObject(o) }).toEqual({
        kind: o.kind,
        name: o.metadata.name,
        issues: [],
      });
  });

  it('covers every CRD kind shai renders with a valid fixture', () => {
    const covered = new Set(
      valid.flatMap((f) => load(join(dir, 'valid', f))).map((o) => `${o.apiVersion}/${o.kind}`),
    );
    const rendered = knownKinds().filter(
      (k) => schemaSource(...split(k)) === 'crd' && !k.startsWith('longhorn.io/') && !k.includes('v2beta1'),
    );
    expect(rendered.filter((k) => !covered.has(k))).toEqual([]);
  });
});

function split(k: string): [string, string] {
  const i = k.lastIndexOf('/');
  return [k.slice(0, i), k.slice(i + 1)];
}

describe('validateObject on invalid objects', () => {
  it.each(invalid)('%s', (file) => {
    const path = join(dir, 'invalid', file);
    const want = expectations(path);
    expect(want.length).toBeGreaterThan(0);
    const [object] = load(path);
    expect(validateObject(object!)).toEqual(want);
  });

  it('marks the missing-schema issue so the caller can decide', () => {
    const issues = validateObject({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
    expect(issues.map(isNoSchemaIssue)).toEqual([true]);
    expect(
      validateObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad' } }).some(
        isNoSchemaIssue,
      ),
    ).toBe(false);
  });

  it('reports an object without a name, and one without apiVersion/kind', () => {
    expect(validateObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} })).toEqual([
      { jsonPath: '.metadata.name', message: 'missing required field "metadata.name"' },
    ]);
    expect(
      validateObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cm-' } }),
    ).toEqual([]);
    expect(validateObject({ kind: 'ConfigMap', metadata: { name: 'x' } })).toEqual([
      { jsonPath: '.apiVersion', message: 'object has no apiVersion and kind' },
    ]);
  });

  it('accepts RBAC names with colons, which are not DNS names', () => {
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:shai' },
      rules: [],
    };
    expect(validateObject(role)).toEqual([]);
    expect(
      validateObject({ ...role, kind: 'ClusterRole', metadata: { name: 'a/b' } }).map((i) => i.jsonPath),
    ).toEqual(['.metadata.name']);
  });

  it('finds unknown fields the same way on the first and on later objects of a kind', () => {
    const pod = (extra: Record<string, unknown>) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'busybox:1.37', ...extra }] },
    });
    for (let i = 0; i < 3; i++) {
      expect(validateObject(pod({ securityContext: { runAsUser: 1, runAsUsr: 2 } }))).toEqual([
        {
          jsonPath: '.spec.containers[0].securityContext.runAsUsr',
          message: 'unknown field "spec.containers[0].securityContext.runAsUsr"',
        },
      ]);
      expect(validateObject(pod({}))).toEqual([]);
    }
  });

  it('validates frozen objects', () => {
    const freeze = <T>(o: T): T => {
      if (o && typeof o === 'object') for (const v of Object.values(o)) freeze(v);
      return Object.freeze(o);
    };
    const pod = freeze({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'busybox:1.37', imagePullPolicyy: 'Always' }] },
    });
    expect(validateObject(pod).map((i) => i.jsonPath)).toEqual(['.spec.containers[0].imagePullPolicyy']);
  });

  it('asks for loadSchemas() before validating a core kind it has not loaded', async () => {
    const lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'l' },
      spec: { holderIdentity: 'a', leaseDurationSeconds: 'x' },
    };
    expect(() => validateObject(lease)).toThrow(InternalError);
    await loadSchemas([lease]);
    expect(validateObject(lease)).toEqual([
      { jsonPath: '.spec.leaseDurationSeconds', message: 'expected integer, got string' },
    ]);
  });

  it('treats free-form fields (preserve-unknown-fields, values) as free', () => {
    const app = load(join(dir, 'valid', 'argocd.yaml'))[0]!;
    const spec = app['spec'] as { source: { helm: { valuesObject: Record<string, unknown> } } };
    spec.source.helm.valuesObject['anything'] = { goes: [1, { here: true }] };
    expect(validateObject(app)).toEqual([]);
  });
});
