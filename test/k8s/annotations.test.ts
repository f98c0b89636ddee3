import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as annotations from '../../src/k8s/annotations.ts';
import { listOf, listValue } from '../../src/k8s/annotations.ts';

const src = resolve(import.meta.dirname, '../../src');
const contractFile = join(src, 'k8s/annotations.ts');
const contract = readFileSync(contractFile, 'utf8');

/** Each exported key with the files its doc comment says write and read it. */
function declarations(): { name: string; key: string; doc: string; files: string[] }[] {
  const out: { name: string; key: string; doc: string; files: string[] }[] = [];
  for (const m of contract.matchAll(/\/\*\*((?:(?!\/\*\*)[\s\S])*?)\*\/\nexport const (\w+) = '([^']+)';/g)) {
    const files = [...m[1]!.matchAll(/([\w-]+(?:\/[\w.-]+)+\.ts)/g)].map((f) => f[1]!);
    out.push({ name: m[2]!, key: m[3]!, doc: m[1]!, files });
  }
  return out;
}

/** A file's text without its import declarations: naming a key in an import is not using it. */
function withoutImports(file: string): string {
  return readFileSync(file, 'utf8').replace(/^import [^;]*;$/gm, '');
}

function sources(): string[] {
  return readdirSync(src, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

describe('the shai.dev annotation contract', () => {
  const declared = declarations();

  it('declares every key once, each with who writes and who reads it', () => {
    const keys = Object.values(annotations).filter((v) => typeof v === 'string');
    expect(declared.map((d) => d.key).sort()).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(keys.length);
    const unexplained = declared.filter((d) => !/Written by: .+Read by: /s.test(d.doc)).map((d) => d.name);
    expect(unexplained).toEqual([]);
    expect(declared.length).toBeGreaterThan(20);
  });

  it('names only files that exist and use the key', () => {
    const wrong = declared.flatMap((d) =>
      d.files
        .filter((f) => !existsSync(join(src, f)) || !withoutImports(join(src, f)).includes(d.name))
        .map((f) => `${d.name}: ${f}`),
    );
    expect(wrong).toEqual([]);
  });

  it('is the only place in src/ a shai.dev key is written as a literal', () => {
    const literal = /['"]shai\.dev\/[a-z-]+['"]/g;
    const elsewhere = sources()
      .filter((f) => f !== contractFile)
      .flatMap((f) => (readFileSync(f, 'utf8').match(literal) ?? []).map((m) => `${relative(src, f)}: ${m}`));
    expect(elsewhere).toEqual([]);
  });

  it('writes lists sorted and without duplicates, and reads them back', () => {
    expect(listValue(['b', 'a', 'b'])).toBe('a,b');
    expect(listOf(' a, b ,,')).toEqual(['a', 'b']);
    expect(listOf(undefined)).toEqual([]);
  });
});
