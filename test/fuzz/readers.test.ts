import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFile } from '../../src/check/read.ts';
import { parseDumps } from '../../src/cluster/read-dump.ts';
import { parseConfig } from '../../src/config/load.ts';
import { UserError } from '../../src/errors.ts';
import { decodeText } from '../../src/input.ts';
import { registry } from '../../src/services/registry.ts';
import { ROOT, runCli } from '../helpers/cli.ts';

/*
 * Fuzz tests of the three readers of user input: platform.yaml (the config loader), the files of
 * `shai check PATH` and the dumps of `doctor --from`. Seeds are the repository's own platform files,
 * YAML fixtures and dumps; each case applies a few random mutations (bytes, lines, YAML punctuation,
 * indentation, truncation, encodings) and feeds the result to the reader in process. A reader may accept
 * or refuse, but a refusal is a UserError whose every line names the file; anything else (a TypeError, a
 * RangeError, an InternalError) is a bug. A fixed seed keeps the cases the same on every run.
 */

const SEED = 20261203;

function files(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (ext.test(e.name)) out.push(join(d, e.name));
    }
  };
  walk(resolve(ROOT, dir));
  return out.sort();
}

const read = (p: string) => readFileSync(p, 'utf8');
const platforms = ['platform.yaml', ...files('examples', /\.yaml$/).map((p) => relative(ROOT, p))].map((p) =>
  read(resolve(ROOT, p)),
);
const manifests = files('test/fixtures/check', /\.ya?ml$/)
  .filter((_, i) => i % 3 === 0)
  .map(read);
const dumps = files('test/fixtures/cluster/dumps', /\.json$/).map(read);

/** YAML and JSON punctuation, whitespace and the bytes that break readers. */
const TOKENS = [
  ':',
  ': ',
  '- ',
  '-',
  '[',
  ']',
  '{',
  '}',
  ',',
  '"',
  "'",
  '&a ',
  '*a',
  '!!str ',
  '!x ',
  '|',
  '>',
  '#',
  '\t',
  '\n',
  '  ',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '@',
  '`',
  '?',
  '\r\n',
  '\u00a0',
  '\ufeff',
  'null',
  '~',
  '1e999',
  '-0',
  '0x1F',
  '.inf',
  'yes',
  'on',
  '<<: *a\n',
  '\\',
  '\u2028',
  'é',
  '{{ .Values.x }}',
  'a'.repeat(1100),
];

type Mutation = (text: string) => string;

const position = fc.nat();
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(position, fc.constantFrom(...TOKENS)).map(([at, t]) => (s: string) => {
    const i = at % (s.length + 1);
    return s.slice(0, i) + t + s.slice(i);
  }),
  fc.tuple(position, fc.nat({ max: 40 })).map(([at, n]) => (s: string) => {
    const i = at % (s.length + 1);
    return s.slice(0, i) + s.slice(i + n);
  }),
  fc.tuple(position, position).map(([a, b]) => (s: string) => {
    const lines = s.split('\n');
    const i = a % lines.length;
    const j = b % lines.length;
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return lines.join('\n');
  }),
  fc.tuple(position, fc.constantFrom('', ' ', '  ', '    ', '\t')).map(([a, indent]) => (s: string) => {
    const lines = s.split('\n');
    const i = a % lines.length;
    lines[i] = indent + lines[i]!.trimStart();
    return lines.join('\n');
  }),
  fc.tuple(position, fc.nat({ max: 5 })).map(([a, n]) => (s: string) => {
    const lines = s.split('\n');
    const i = a % lines.length;
    lines.splice(i, 0, ...Array<string>(n).fill(lines[i]!));
    return lines.join('\n');
  }),
  position.map((a) => (s: string) => s.slice(0, a % (s.length + 1))),
  fc.tuple(position, fc.string({ maxLength: 12 })).map(([at, t]) => (s: string) => {
    const i = at % (s.length + 1);
    return s.slice(0, i) + t + s.slice(i);
  }),
);

/** A seed text with a few mutations applied, optionally re-encoded as bytes (BOM, UTF-16, a NUL). */
function mutated(seeds: string[]): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(
      fc.nat({ max: seeds.length - 1 }),
      fc.array(mutation, { minLength: 1, maxLength: 5 }),
      fc.constantFrom('utf8', 'utf8', 'utf8', 'utf8', 'bom', 'utf16', 'nul'),
    )
    .map(([i, ms, enc]) => {
      const text = ms.reduce((s, m) => m(s), seeds[i]!);
      if (enc === 'bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
      if (enc === 'utf16') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      if (enc === 'nul') return Buffer.from(`${text.slice(0, 50)}\0${text.slice(50)}`);
      return Buffer.from(text);
    });
}

/** Runs a reader: a UserError whose every line names `file` is a fine answer; anything else fails the case. */
function expectOnlyUserErrors(file: string, run: () => unknown): void {
  try {
    run();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const stray = e.message.split('\n').find((line) => !line.startsWith(file));
    if (stray !== undefined)
      throw new Error(
        `a line of the message does not name ${file}: ${JSON.stringify(e.message.slice(0, 300))}`,
      );
  }
}

/** fc.assert with a short report: the cases are large texts that would flood the log. */
function check(property: fc.IProperty<[Uint8Array]>, numRuns: number): void {
  const out = fc.check(property, { numRuns, seed: SEED });
  if (!out.failed) return;
  const input = Buffer.from(out.counterexample?.[0] ?? []).toString('utf8');
  throw new Error(
    `failed at case ${out.numRuns} (seed ${SEED}, path ${out.counterexamplePath}): ` +
      `${String(out.errorInstance).slice(0, 600)}\ninput (${input.length} chars) starts ${JSON.stringify(input.slice(0, 300))}`,
  );
}

describe('fuzz: readers never fail with anything but a UserError naming the file', () => {
  it('the config loader on mutated platform.yaml and examples', () => {
    check(
      fc.property(mutated(platforms), (bytes) => {
        expectOnlyUserErrors('platform.yaml', () =>
          parseConfig(decodeText(bytes, 'platform.yaml'), 'platform.yaml', registry),
        );
      }),
      1000,
    );
  }, 120_000);

  it('the check reader on mutated YAML fixtures', () => {
    check(
      fc.property(mutated(manifests), (bytes) => {
        expectOnlyUserErrors('in.yaml', () => parseFile(decodeText(bytes, 'in.yaml'), 'in.yaml'));
      }),
      3000,
    );
  }, 120_000);

  it('the doctor --from reader on mutated cluster dumps', () => {
    check(
      fc.property(mutated(dumps), (bytes) => {
        expectOnlyUserErrors('dump.json', () =>
          parseDumps([{ name: 'dump.json', text: decodeText(bytes, 'dump.json') }]),
        );
      }),
      3000,
    );
  }, 120_000);
});

describe('fuzz: a handful of mutated inputs through the real CLI never exit 3', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const cases = [
    ...fc
      .sample(mutated(platforms), { numRuns: 3, seed: SEED })
      .map((b) => ['platform.yaml', b, ['plan']] as const),
    ...fc
      .sample(mutated(manifests), { numRuns: 3, seed: SEED })
      .map((b) => ['in.yaml', b, ['check', 'in.yaml']] as const),
    ...fc
      .sample(mutated(dumps), { numRuns: 3, seed: SEED })
      .map((b) => ['dump.json', b, ['doctor', '--from', 'dump.json', '--config', 'none.yaml']] as const),
  ];
  it.each(cases.map(([file, bytes, args], i) => [i, file, bytes, args] as const))(
    'case %i: %s',
    { timeout: 60_000 },
    async (_i, file, bytes, args) => {
      const dir = mkdtempSync(join(tmpdir(), 'shai-fuzz-'));
      dirs.push(dir);
      writeFileSync(join(dir, file), bytes);
      const r = await runCli([...args], { cwd: dir });
      expect(r.stderr).not.toContain('internal error');
      // doctor's 4 is a verdict, not a crash: a mutated partial dump can leave an area unknown (EXIT_UNKNOWN).
      expect(file === 'dump.json' ? [0, 1, 2, 4] : [0, 1, 2]).toContain(r.code);
    },
  );
});
