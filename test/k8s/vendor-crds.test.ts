import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { extractCrdSchemas } from '../../scripts/extract-crd-schemas.ts';

describe('vendor/crds/json', () => {
  it('is exactly what scripts/extract-crd-schemas.ts derives from the vendored CRD copies', async () => {
    const want = await extractCrdSchemas('vendor/crds');
    const have = new Map<string, string>();
    for (const f of (await readdir('vendor/crds/json')).sort())
      have.set(f, await readFile(`vendor/crds/json/${f}`, 'utf8'));
    expect([...have.keys()]).toEqual([...want.keys()].sort());
    for (const [name, content] of want) expect(have.get(name), name).toBe(content);
  });
});
