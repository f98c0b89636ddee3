import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OMITTED_FIELDS } from '../../src/k8s/omitted-fields.ts';

const MODELS = join(import.meta.dirname, '../../node_modules/kubernetes-models');

/** `group/version/Definition` → the properties its type declares that its compiled validator never reads. */
function unread(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const walk = (dir: string, rel: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      // shai validates GA versions only (core-kinds.ts)
      if (e.isDirectory() && !e.name.startsWith('_') && !/(alpha|beta)/.test(e.name))
        walk(join(dir, e.name), rel ? `${rel}/${e.name}` : e.name);
      else if (e.isFile() && e.name.endsWith('.d.ts') && e.name !== 'index.d.ts') {
        const missing = unreadOf(dir, e.name);
        if (missing.length) out[`${rel}/${e.name.replace(/\.d\.ts$/, '')}`] = missing;
      }
    }
  };
  walk(MODELS, '');
  return out;
}

function unreadOf(dir: string, file: string): string[] {
  const body = readFileSync(join(dir, file), 'utf8').match(/export interface I\w+[^{]*\{([\s\S]*?)\n\}/)?.[1];
  const schema = readFileSync(join(dir, file.replace(/\.d\.ts$/, '.js')), 'utf8').match(
    /_schemas\/(\w+)\.js/,
  )?.[1];
  if (!body || !schema) return [];
  const code = readFileSync(join(MODELS, '_schemas', `${schema}.js`), 'utf8');
  const props = [...body.matchAll(/^ {4}"([^"]+)"\??:/gm)].map((m) => m[1]!);
  return props.filter(
    (p) =>
      !['apiVersion', 'kind', 'metadata'].includes(p) &&
      !code.includes(`data.${p}`) &&
      !code.includes(`"${p}"`),
  );
}

describe('fields kubernetes-models validators never read', () => {
  it('are exactly the ones shai puts back (omitted-fields.ts) or checks itself (json-schema-props.ts)', () => {
    expect(unread()).toEqual({
      'apiextensions.k8s.io/v1/CustomResourceColumnDefinition': ['description'],
      'apiextensions.k8s.io/v1/ExternalDocumentation': ['description'],
      'apiextensions.k8s.io/v1/JSONSchemaProps': [
        'description',
        'x-kubernetes-embedded-resource',
        'x-kubernetes-int-or-string',
        'x-kubernetes-list-map-keys',
        'x-kubernetes-list-type',
        'x-kubernetes-map-type',
        'x-kubernetes-preserve-unknown-fields',
        'x-kubernetes-validations',
      ],
      'scheduling.k8s.io/v1/PriorityClass': ['description'],
    });
    expect(Object.keys(OMITTED_FIELDS).sort()).toEqual([
      'apiextensions.k8s.io/v1/CustomResourceDefinition',
      'scheduling.k8s.io/v1/PriorityClass',
    ]);
  });
});
