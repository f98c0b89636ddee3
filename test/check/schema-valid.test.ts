import { beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/engine.ts';
import { schemaValid } from '../../src/check/rules/schema-valid.ts';
import { loadSchemas } from '../../src/k8s/validate.ts';

beforeAll(() => loadSchemas());

describe('schema-valid', () => {
  it('reports a kind without a schema as skipped with the reason, neither pass nor fail', () => {
    const object = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ai' } };
    const r = runCheck({ objects: [{ object, file: 'w.yaml', line: 3 }] }, [schemaValid]);
    expect(r.counts).toEqual({ pass: 0, fail: 0, error: 0, skipped: 1 });
    expect(r.findings[0]).toMatchObject({
      status: 'skipped',
      message: 'no schema for apiVersion example.com/v1 kind Widget',
      target: { file: 'w.yaml', line: 3 },
    });
  });

  it('reports every issue of an object with its JSON path', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'Bad_Name', namespace: 'ai' },
      spec: { ports: [{ port: 'http' }] },
    };
    const r = runCheck({ objects: [{ object }] }, [schemaValid]);
    expect(r.findings.map((f) => f.target.jsonPath)).toEqual(['.metadata.name', '.spec.ports[0].port']);
  });
});
