import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import { parseConfig } from '../../src/config/load.ts';
import { registry } from '../../src/services/registry.ts';

const dir = resolve(import.meta.dirname, '../fixtures/config/invalid');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** The `# expect: <line>` comments at the top of a fixture, in order. */
function expected(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('# expect: '))
    .map((l) => l.slice('# expect: '.length));
}

describe('invalid platform files', () => {
  it('has at least 25 fixtures, each stating its errors', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(25);
    for (const f of fixtures) expect(expected(readFileSync(resolve(dir, f), 'utf8')), f).not.toEqual([]);
  });

  it.each(fixtures)('%s fails with exactly its expected lines', (file) => {
    const text = readFileSync(resolve(dir, file), 'utf8');
    let error: unknown;
    try {
      parseConfig(text, file, registry);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message.split('\n')).toEqual(expected(text));
  });
});
