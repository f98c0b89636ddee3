import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../src/generated.ts';

const root = resolve(import.meta.dirname, '..');

function current(path: string): string | undefined {
  try {
    return readFileSync(resolve(root, path), 'utf8');
  } catch {
    return undefined;
  }
}

describe('generated files', () => {
  it('are all committed and up to date', () => {
    const stale = generatedFiles.filter((f) => current(f.path) !== f.content()).map((f) => f.path);
    expect(stale, `stale generated files: ${stale.join(', ')} — run \`npm run generate\``).toEqual([]);
  });

  it('have unique paths', () => {
    const paths = generatedFiles.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
  });
});
