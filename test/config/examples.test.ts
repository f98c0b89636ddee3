import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { registry } from '../../src/services/registry.ts';

const root = resolve(import.meta.dirname, '../..');
const files = ['platform.yaml', ...readdirSync(resolve(root, 'examples')).map((f) => `examples/${f}`)].filter(
  (f) => f.endsWith('.yaml'),
);

describe('valid platform files', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  // The committed file, which test/generated.test.ts keeps in step with the registry.
  const schema = JSON.parse(readFileSync(resolve(root, 'schema/platform.schema.json'), 'utf8')) as object;
  const validate = ajv.compile(schema);

  it('covers the default platform and at least three examples', () => {
    expect(files).toContain('platform.yaml');
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it.each(files)('%s loads without errors', async (file) => {
    const config = await loadConfig(resolve(root, file), registry);
    expect(config.cluster.nodes.length).toBeGreaterThan(0);
  });

  it.each(files)('%s is valid against the JSON Schema', (file) => {
    const ok = validate(parse(readFileSync(resolve(root, file), 'utf8')));
    expect(validate.errors ?? [], file).toEqual([]);
    expect(ok).toBe(true);
  });

  it.each(files)('%s points editors at the JSON Schema', (file) => {
    const first = readFileSync(resolve(root, file), 'utf8').split('\n')[0];
    const target = file.startsWith('examples/')
      ? '../schema/platform.schema.json'
      : './schema/platform.schema.json';
    expect(first).toBe(`# yaml-language-server: $schema=${target}`);
  });
});
