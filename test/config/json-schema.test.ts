import { describe, expect, it } from 'vitest';
import { keyDocs, platformDocs } from '../../src/config/docs.ts';
import { platformJsonSchema } from '../../src/config/json-schema.ts';
import { configRules } from '../../src/config/rules.ts';
import { fakeRegistry } from './fake-registry.ts';

type Json = Record<string, unknown>;
const schema = platformJsonSchema(fakeRegistry);

/** Every property path of the schema, following $refs once, with services collapsed like the docs do. */
function leafPaths(node: Json, path: string, defs: Record<string, Json>): string[] {
  const n = node.$ref ? defs[String(node.$ref).replace('#/$defs/', '')]! : node;
  const props = n.properties as Record<string, Json> | undefined;
  const out: string[] = [];
  if (path === 'services') return leafPaths(Object.values(props ?? {})[0]!, 'services.<service>', defs);
  for (const [k, v] of Object.entries(props ?? {})) {
    const p = path ? `${path}.${k}` : k;
    out.push(p, ...leafPaths(v, p, defs));
  }
  const items = n.items as Json | undefined;
  if (items?.properties) out.push(...leafPaths(items, `${path}[]`, defs));
  return out;
}

describe('platformJsonSchema', () => {
  it('is a titled draft 2020-12 schema', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toBe('shai platform');
    expect(String(schema.description)).toContain('platform.yaml');
  });

  it('lists every service by name with its description, and rejects other names', () => {
    const services = (schema.properties as Record<string, Json>).services!;
    expect(Object.keys(services.properties as Json)).toEqual(fakeRegistry.map((d) => d.name).sort());
    expect((services.properties as Record<string, Json>).gitlab!.description).toBe(
      'gitlab: gitlab (test double) Off unless enabled.',
    );
    expect(services.additionalProperties).toBe(false);
  });
});

describe('platform docs', () => {
  const docs = platformDocs(schema, configRules);

  it('document every key of the schema', () => {
    const documented = new Set(keyDocs(schema).map((r) => r.path));
    const missing = leafPaths(schema, '', schema.$defs as Record<string, Json>).filter(
      (p) => !documented.has(p),
    );
    expect(missing).toEqual([]);
  });

  it('give every key a description', () => {
    expect(
      keyDocs(schema)
        .filter((r) => !r.description)
        .map((r) => r.path),
    ).toEqual([]);
  });

  it('show types, defaults and required keys', () => {
    expect(docs).toContain(
      '| `cluster.nodes[].gpus[].count` | integer ≥ 1 | `1` | How many GPUs of this model the node has. |',
    );
    expect(docs).toContain('| `cluster.k3sVersion` | string | required |');
    expect(docs).toContain('| `services.<service>.replicas` | integer ≥ 1 |');
  });

  it('list the services', () => {
    for (const def of fakeRegistry) expect(docs).toContain(`| \`${def.name}\` |`);
  });

  it('list the cross-field rules', () => {
    for (const rule of configRules) expect(docs).toContain(`| \`${rule.id}\` | ${rule.description} |`);
  });
});
