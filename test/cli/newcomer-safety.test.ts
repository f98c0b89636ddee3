import { execFile } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFile } from '../../src/check/read.ts';
import { commands } from '../../src/cli/commands/index.ts';
import { main } from '../../src/cli/main.ts';
import { captureIo, ROOT, runCli, type CliRun } from '../helpers/cli.ts';

/*
 * The newcomer report's cases of issue 20 part A (../shared/audits/newcomer.md §4), one row each, named by
 * the report's id. Every row ran before the fix with the result the report gives (data loss, exit 3, a hang
 * or a silent exit 0) and now gives a clear result. Rows run the CLI in process (main(), as bin.ts does),
 * except where the environment matters (a kubeconfig, stdin, file permissions): those run the real CLI.
 */

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A fresh directory holding a copy of examples/single-cpu.yaml as platform.yaml (edited), world-readable. */
async function workspace(edit = (t: string) => t): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'shai-newcomer-'));
  dirs.push(dir);
  chmodSync(dir, 0o755);
  writeFileSync(
    join(dir, 'platform.yaml'),
    edit(readFileSync(resolve(ROOT, 'examples/single-cpu.yaml'), 'utf8')),
  );
  return dir;
}

const gitopsPath = (value: string) => (t: string) => t.replace(/^ {2}path: deploy$/m, `  path: ${value}`);

async function shai(args: string[], cwd: string): Promise<CliRun> {
  const io = captureIo({ cwd });
  const code = await main(args, io, commands);
  return { code, stdout: io.out(), stderr: io.err() };
}

/** Runs the real CLI as an unprivileged user when the tests run as root (root reads and writes anything). */
function runUnprivileged(args: string[], cwd: string): Promise<CliRun> {
  if (process.getuid?.() !== 0) return runCli(args, { cwd });
  return new Promise((done) => {
    execFile(
      'setpriv',
      [
        '--reuid=nobody',
        '--regid=nogroup',
        '--clear-groups',
        process.execPath,
        resolve(ROOT, 'bin/shai.js'),
        ...args,
      ],
      { cwd, env: { ...process.env, HOME: cwd, NO_COLOR: '1' } },
      (err, stdout, stderr) => done({ code: err ? Number(err.code ?? -1) : 0, stdout, stderr }),
    );
  });
}

/** Names of every file under a directory (relative), to show nothing was added or removed. */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(join(d, e.name), r);
      else out.push(r);
    }
  };
  walk(dir, '');
  return out.sort();
}

const SLOW = 60_000;

describe('newcomer report, render (R4-R13, R16): render never deletes or writes what it does not own', () => {
  it.each([
    ['R4', '.'],
    ['R5', './'],
    ['R6', '""'],
  ])(
    '%s gitops.path: %s is refused at its line, platform.yaml and .git survive',
    { timeout: SLOW },
    async (_id, value) => {
      const dir = await workspace(gitopsPath(value));
      mkdirSync(join(dir, '.git'));
      writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
      writeFileSync(join(dir, 'notes.txt'), 'mine\n');
      const before = files(dir);
      const r = await shai(['render'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^platform\.yaml:25:9 gitops\.path: expected a directory inside the repository/,
      );
      expect(files(dir)).toEqual(before);
    },
  );

  it('R7 --out . is refused: it is the directory that holds platform.yaml', { timeout: SLOW }, async () => {
    const dir = await workspace();
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    const r = await shai(['render', '--out', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out: ".": is the directory that holds platform.yaml');
    expect(files(dir)).toEqual(['notes.txt', 'platform.yaml']);
  });

  it.each([
    ['R8', '../../escape-test'],
    ['R9', '/tmp/abs-escape'],
  ])('%s gitops.path: %s (outside the repository) is refused', { timeout: SLOW }, async (_id, value) => {
    const dir = await workspace(gitopsPath(value));
    const r = await shai(['render'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^platform\.yaml:25:9 gitops\.path: expected a directory inside the repository/);
    expect(existsSync(resolve(dir, value))).toBe(false);
  });

  it(
    'R9 --out at an absolute path outside the repository is refused; inside it is fine',
    { timeout: SLOW },
    async () => {
      const dir = await workspace();
      const outside = await mkdtemp(join(tmpdir(), 'shai-outside-'));
      dirs.push(outside);
      const r = await shai(['render', '--out', join(outside, 'x')], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('outside the repository');
      expect(existsSync(join(outside, 'x'))).toBe(false);
      const ok = await shai(['render', '--out', join(dir, 'elsewhere')], dir);
      expect(ok.code).toBe(0);
      expect(existsSync(join(dir, 'elsewhere', 'root.yaml'))).toBe(true);
    },
  );

  it('R10 --out pointing at an existing file: exit 2, the file is untouched', { timeout: SLOW }, async () => {
    const dir = await workspace();
    writeFileSync(join(dir, 'afile'), 'keep\n');
    const r = await shai(['render', '--out', 'afile'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out: "afile": .*afile is a file, not a directory/);
    expect(readFileSync(join(dir, 'afile'), 'utf8')).toBe('keep\n');
  });

  it(
    'R11 --out /proc/nope: exit 2 at once (outside the repository), no spinning mkdir',
    { timeout: SLOW },
    async () => {
      const dir = await workspace();
      const r = await shai(['render', '--out', '/proc/nope'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('outside the repository');
    },
  );

  it(
    'R12 a read-only output directory: exit 2 naming the file (run as nobody when the tests run as root)',
    { timeout: SLOW },
    async () => {
      const dir = await workspace();
      expect((await shai(['render'], dir)).code).toBe(0);
      chmodSync(join(dir, 'deploy'), 0o555);
      writeFileSync(
        join(dir, 'platform.yaml'),
        readFileSync(join(dir, 'platform.yaml'), 'utf8').replace(/^domain: .*/m, 'domain: other.arpa'),
      );
      const before = files(join(dir, 'deploy'));
      const r = await runUnprivileged(['render'], dir);
      chmodSync(join(dir, 'deploy'), 0o755);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/deploy\/.*: cannot write it: permission denied \(EACCES\)/);
      expect(files(join(dir, 'deploy'))).toEqual(before);
    },
  );

  it('R13 --out new/nested/dir is created inside the repository', { timeout: SLOW }, async () => {
    const dir = await workspace();
    const r = await shai(['render', '--out', 'new/nested/dir'], dir);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'new/nested/dir/.shai-manifest'))).toBe(true);
  });

  it(
    'R16 a file the user added under deploy/ is kept and named; an unmarked tree with it is refused',
    { timeout: SLOW },
    async () => {
      const dir = await workspace();
      expect((await shai(['render'], dir)).code).toBe(0);
      writeFileSync(join(dir, 'deploy', 'notes.txt'), 'mine\n');
      const r = await shai(['render'], dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('left alone (not written by shai): notes.txt');
      expect(readFileSync(join(dir, 'deploy', 'notes.txt'), 'utf8')).toBe('mine\n');
      rmSync(join(dir, 'deploy', '.shai-manifest'));
      const refused = await shai(['render'], dir);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('holds files shai did not write (notes.txt) and no .shai-manifest');
      expect(readFileSync(join(dir, 'deploy', 'notes.txt'), 'utf8')).toBe('mine\n');
    },
  );

  it(
    'a tree rendered by an older shai (no marker, only its files) is adopted; --check sees the missing marker',
    { timeout: SLOW },
    async () => {
      const dir = await workspace();
      expect((await shai(['render'], dir)).code).toBe(0);
      rmSync(join(dir, 'deploy', '.shai-manifest'));
      const check = await shai(['render', '--check'], dir);
      expect(check.code).toBe(1);
      expect(check.stdout).toContain('added    .shai-manifest');
      const r = await shai(['render'], dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('now marked as shai');
      expect((await shai(['render', '--check'], dir)).code).toBe(0);
    },
  );

  it('a symlink that leads out of the repository is refused', { timeout: SLOW }, async () => {
    const dir = await workspace();
    const outside = await mkdtemp(join(tmpdir(), 'shai-outside-'));
    dirs.push(outside);
    symlinkSync(outside, join(dir, 'deploy'));
    const r = await shai(['render'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^platform\.yaml:25:9 gitops\.path: "deploy": is .* \(through a symlink\), outside the repository/,
    );
    expect(files(outside)).toEqual([]);
  });
});

/** Runs the real CLI with stdin closed after `input`, in an environment without a kubeconfig (HOME empty). */
function runClean(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  input = '',
): Promise<CliRun> {
  return new Promise((done) => {
    const { FORCE_COLOR: _f, ...base } = process.env;
    const child = execFile(
      process.execPath,
      [resolve(ROOT, 'bin/shai.js'), ...args],
      { cwd, env: { ...base, HOME: cwd, KUBECONFIG: '', NO_COLOR: '1', ...env } },
      (err, stdout, stderr) => done({ code: err ? Number(err.code ?? -1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

describe('newcomer report, platform.yaml (P3, P10, P26, P39, P43, P47): one clear line, exit 2', () => {
  const platform = readFileSync(resolve(ROOT, 'examples/single-cpu.yaml'), 'utf8');
  it.each([
    [
      'P3',
      () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
      /^in\.yaml: not a text file \(binary data: a NUL byte at byte 0\)/,
    ],
    [
      'P10',
      () => `${platform}deep: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
      /^in\.yaml:\d+:\d+ the YAML nests too deeply here/,
    ],
    ['P26', () => `${platform}---\n${platform}`, /^in\.yaml:\d+:1 a second YAML document starts here/],
    [
      'P39',
      () => `${platform}${'k'.repeat(100_000)}: 1\n`,
      /^in\.yaml:\d+:1 a key longer than 1024 characters/,
    ],
  ])('%s', { timeout: SLOW }, async (_id, content, expected) => {
    const dir = await workspace();
    writeFileSync(join(dir, 'in.yaml'), content());
    const r = await shai(['plan', '--config', 'in.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('P43 no platform.yaml in the working directory: says how to name one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shai-empty-'));
    dirs.push(dir);
    const r = await shai(['plan'], dir);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      'platform.yaml: no such file; run shai in the directory that holds platform.yaml, or pass --config FILE\n',
    );
  });

  it('P47 a 50 MB platform.yaml is refused at once by its size, before it is read', async () => {
    const dir = await workspace();
    truncateSync(join(dir, 'platform.yaml'), 50 * 1024 * 1024);
    const r = await shai(['plan'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'platform.yaml: 50.0 MiB is more than the 4.0 MiB a platform file may have; is it the right file?\n',
    );
  });
});

describe('newcomer report, check (C1, C2, C8, C9, C11, C12, C19, C21, C23, C24, C26, C28)', () => {
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default}\n';
  async function checkDir(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'shai-check-'));
    dirs.push(dir);
    chmodSync(dir, 0o755);
    for (const [p, c] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), c);
    }
    return dir;
  }

  it.each([
    ['C1', { 'empty.yaml': '' }, 'empty.yaml', 'empty.yaml: nothing to check: the file is empty'],
    [
      'C2',
      { 'empty.yml': '\n# only a comment\n' },
      'empty.yml',
      'empty.yml: nothing to check: the file is empty',
    ],
    [
      'C9',
      { 'nokind.yaml': 'apiVersion: v1\nmetadata: {name: a}\n' },
      'nokind.yaml',
      'nokind.yaml: nothing to check: nokind.yaml:1: a mapping without kind, not a Kubernetes object',
    ],
    [
      'C11',
      { 'list.yaml': '- a\n- b\n' },
      'list.yaml',
      'list.yaml: nothing to check: list.yaml:1: a top-level list of 2 items, not a Kubernetes object',
    ],
    [
      'C12',
      { 'scalar.yaml': 'hello\n' },
      'scalar.yaml',
      'scalar.yaml: nothing to check: scalar.yaml:1: a plain value ("hello"), not a Kubernetes object',
    ],
    [
      'C19',
      { 'platform.yaml': 'apiVersion: shai.dev/v1alpha1\nkind: Platform\n' },
      'platform.yaml',
      'platform.yaml: nothing to check: platform.yaml:1: a shai platform file, not Kubernetes objects: run shai check without a path',
    ],
    [
      'C21',
      { 'kustomization.yaml': 'resources: [a.yaml]\n' },
      'kustomization.yaml',
      'kustomization.yaml: nothing to check: kustomization.yaml:1: a kustomization: shai check reads plain manifests',
    ],
    [
      'C23',
      { 'dir/notes.txt': 'hi\n' },
      'dir',
      'dir: nothing to check: no .yaml, .yml or .json files in this directory',
    ],
  ])(
    '%s alone is an input error (exit 2) naming why',
    { timeout: SLOW },
    async (_id, files, path, message) => {
      const dir = await checkDir(files);
      const r = await shai(['check', path], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    },
  );

  it(
    'C9, C11, C12, C21 beside real objects: one input-understood error finding each, exit 1',
    { timeout: SLOW },
    async () => {
      const dir = await checkDir({
        'a.yaml': `${cm}---\napiVersion: v1\nmetadata: {name: b}\n---\n- a\n---\nhello\n`,
        'k/kustomization.yaml': 'resources: [x.yaml]\n',
        'k/x.yaml': cm.replace('name: a', 'name: x'),
      });
      const r = await shai(['check', '--format', 'json', '.'], dir);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout) as {
        findings: { rule: string; status: string; target: { file: string; line: number } }[];
      };
      const input = report.findings.filter((f) => f.rule === 'input-understood');
      expect(input.map((f) => [f.status, f.target.file, f.target.line]).sort()).toEqual([
        ['error', 'a.yaml', 10],
        ['error', 'a.yaml', 5],
        ['error', 'a.yaml', 8],
        ['error', 'k/kustomization.yaml', 1],
      ]);
    },
  );

  it('C8 a List of 150,000 objects in one file is read without overflowing the stack', () => {
    const items = Array.from(
      { length: 150_000 },
      (_, i) => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c${i}"}}`,
    );
    const text = `{"apiVersion":"v1","kind":"List","items":[\n${items.join(',\n')}\n]}\n`;
    expect(parseFile(text, 'big.json').objects).toHaveLength(150_000);
  });

  it('C24 a symlink loop is named as one', { timeout: SLOW }, async () => {
    const dir = await checkDir({ 'loop/a.yaml': cm });
    symlinkSync('.', join(dir, 'loop', 'self'));
    const r = await shai(['check', 'loop'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('loop/self: a symlink loop (it leads back to a directory that contains it)\n');
  });

  it(
    'C26 an unreadable file: exit 2 naming it (run as nobody when the tests run as root)',
    { timeout: SLOW },
    async () => {
      const dir = await checkDir({ 'secret.yaml': cm });
      chmodSync(join(dir, 'secret.yaml'), 0o000);
      const r = await runUnprivileged(['check', 'secret.yaml'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('secret.yaml: cannot read it: permission denied (EACCES)\n');
    },
  );

  it(
    'C28 check --rule ID PATH runs that rule on the path (--rule no longer swallows it)',
    { timeout: SLOW },
    async () => {
      const dir = await checkDir({ 'web.yaml': cm });
      const r = await shai(['check', '--rule', 'image-pinned', 'web.yaml'], dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('web.yaml');
    },
  );
});

describe('newcomer report, doctor --from (D15-D18): dumps that are not UTF-8 JSON text', () => {
  const dump = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] });
  async function dumpDir(content: Buffer): Promise<string> {
    const dir = await workspace();
    writeFileSync(join(dir, 'dump.json'), content);
    return dir;
  }
  it('D15 a UTF-8 byte-order mark is accepted', { timeout: SLOW }, async () => {
    const dir = await dumpDir(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(dump)]));
    const r = await shai(['doctor', '--from', 'dump.json'], dir);
    expect(r.stderr).not.toMatch(/not JSON/);
  });
  it('D16 UTF-16 (what PowerShell > writes) is named as such', { timeout: SLOW }, async () => {
    const dir = await dumpDir(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(dump, 'utf16le')]));
    const r = await shai(['doctor', '--from', 'dump.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dump\.json: is UTF-16 text, but shai reads UTF-8/);
  });
  it('D17 binary garbage: "not a text file", without printing its bytes', { timeout: SLOW }, async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 3) % 256));
    const dir = await dumpDir(garbage);
    const r = await shai(['doctor', '--from', 'dump.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dump\.json: not a text file \(binary data/);
    expect(r.stderr).toMatch(/^[\x20-\x7e\n]*$/);
  });
  it(
    'D18 an unreadable dump: exit 2 (run as nobody when the tests run as root)',
    { timeout: SLOW },
    async () => {
      const dir = await dumpDir(Buffer.from(dump));
      chmodSync(join(dir, 'dump.json'), 0o000);
      const r = await runUnprivileged(['doctor', '--from', 'dump.json'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/dump\.json: cannot read it: permission denied \(EACCES\)\n$/);
    },
  );
});

describe('newcomer report, kubeconfig and secrets (S1-S3, L1)', () => {
  it(
    'S1 secrets seal without --cert and without a kubeconfig says so and how to pass --cert',
    { timeout: SLOW },
    async () => {
      const dir = await workspace();
      await runClean(['secrets', 'generate', '--store', 'store.json'], dir);
      const r = await runClean(['secrets', 'seal', '--store', 'store.json'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^no kubeconfig found \(KUBECONFIG is not set and ~\/\.kube\/config does not exist\); pass --cert FILE/,
      );
    },
  );
  it('S2 KUBECONFIG=/nonexistent secrets backup-key: exit 2 naming it', { timeout: SLOW }, async () => {
    const dir = await workspace();
    const r = await runClean(['secrets', 'backup-key', '--store', 'store.json'], dir, {
      KUBECONFIG: '/nonexistent',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'KUBECONFIG=/nonexistent: cannot load the kubeconfig: no such file or directory (ENOENT)\n',
    );
  });
  it('S3 secrets set with empty stdin says the value is empty', { timeout: SLOW }, async () => {
    const dir = await workspace((t) => t);
    writeFileSync(join(dir, 'platform.yaml'), readFileSync(resolve(ROOT, 'platform.yaml'), 'utf8'));
    const r = await runClean(
      ['secrets', 'set', 'monitoring/alertmanager-smtp', 'password', '--store', 'store.json'],
      dir,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^secrets set: the value for monitoring\/alertmanager-smtp\/password is empty/);
  });
  it(
    'L1 doctor without any kubeconfig says none was found and how to read a dump instead',
    { timeout: SLOW },
    async () => {
      const dir = await workspace();
      const r = await runClean(['doctor'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^no kubeconfig found \(KUBECONFIG is not set and ~\/\.kube\/config does not exist\); pass --kubeconfig FILE/,
      );
    },
  );
});

describe('small CLI items: options that were silently ignored now work or are refused', () => {
  it(
    'plan --fail-on warning exits 1 when the plan has warnings; the default still exits 0',
    { timeout: SLOW },
    async () => {
      const dir = await workspace();
      const plain = await shai(['plan'], dir);
      expect(plain.code).toBe(0);
      expect(plain.stdout).toMatch(/Warnings \(\d+\)/);
      expect((await shai(['plan', '--fail-on', 'warning'], dir)).code).toBe(1);
      expect((await shai(['--fail-on', 'error', 'plan'], dir)).code).toBe(0);
    },
  );

  it(
    'render --format json prints the write as data; an unknown format and --fail-on are refused',
    { timeout: SLOW },
    async () => {
      const dir = await workspace();
      const r = await shai(['render', '--format', 'json'], dir);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as { root: string; files: number; changes: unknown[] };
      expect(out.root).toBe(join(dir, 'deploy'));
      expect(out.files).toBeGreaterThan(100);
      const check = JSON.parse((await shai(['render', '--check', '--format', 'json'], dir)).stdout) as {
        upToDate: boolean;
      };
      expect(check.upToDate).toBe(true);
      const xml = await shai(['render', '--format', 'xml'], dir);
      expect(xml).toMatchObject({ code: 2, stderr: 'shai render prints text or json, not "xml"\n' });
      const failOn = await shai(['render', '--fail-on', 'warning'], dir);
      expect(failOn.code).toBe(2);
      expect(failOn.stderr).toContain('--fail-on: shai render has no findings to fail on');
    },
  );
});

describe('newcomer report, P49-P52 and R14 through the CLI: plan, render and check refuse alike', () => {
  const invalid = resolve(ROOT, 'test/fixtures/config/invalid');
  it.each([
    ['P49', 'gpu-operator-enabled-without-gpu-node.yaml'],
    ['P50, R14', 'oauth2-proxy-disabled-with-forward-auth-hosts.yaml'],
    ['P51', 'platform-services-disabled.yaml'],
    ['P52, R15', 'second-gpu-model-without-device-plugin-label.yaml'],
  ])(
    '%s (%s): exit 2 at its platform.yaml line in plan, render and check; nothing written',
    { timeout: SLOW },
    async (_id, fixture) => {
      const text = readFileSync(join(invalid, fixture), 'utf8');
      const expected = text
        .split('\n')
        .find((l) => l.startsWith('# expect: '))!
        .slice('# expect: '.length)
        .replace(fixture, 'platform.yaml');
      const dir = await workspace(() => text);
      for (const args of [['plan'], ['render'], ['check']]) {
        const r = await shai(args, dir);
        expect([r.code, r.stderr], args[0]).toEqual([2, `${expected}\n`]);
      }
      expect(files(dir)).toEqual(['platform.yaml']);
    },
  );
});

describe('check: documents it did not understand are named like every other finding', () => {
  const nokind = 'apiVersion: v1\nmetadata: {name: b}\n';
  type Json = { findings: { rule: string; status: string; target: { file?: string; line?: number } }[] };
  const found = (out: string, rule: string) =>
    (JSON.parse(out) as Json).findings
      .filter((f) => f.rule === rule && f.status !== 'pass')
      .map((f) => `${f.target.file}:${f.target.line}`);

  it(
    'a document without kind in the platform tree is an error of shai check, not skipped',
    { timeout: SLOW },
    async () => {
      const dir = await workspace();
      expect((await shai(['render'], dir)).code).toBe(0);
      writeFileSync(join(dir, 'deploy', 'apps', 'notes.yaml'), nokind);
      for (const args of [['check'], ['check', 'deploy']]) {
        const r = await shai([...args, '--format', 'json'], dir);
        expect(r.code, args.join(' ')).toBe(1);
        expect(found(r.stdout, 'input-understood'), args.join(' ')).toEqual(['deploy/apps/notes.yaml:1']);
      }
    },
  );

  it(
    'checked from another directory, input-understood names the file from the repository root, as the rules do',
    { timeout: SLOW },
    async () => {
      const dir = await workspace();
      expect((await shai(['render'], dir)).code).toBe(0);
      writeFileSync(join(dir, 'deploy', 'apps', 'notes.yaml'), nokind);
      // From deploy/apps, `..` is the tree; the rules name files from the repository root its Applications read.
      const r = await shai(['check', '--format', 'json', '..'], join(dir, 'deploy', 'apps'));
      expect(found(r.stdout, 'read-only-root-fs')[0]).toMatch(/^deploy\/services\//);
      expect(found(r.stdout, 'input-understood')).toEqual(['deploy/apps/notes.yaml:1']);
    },
  );
});

describe('--format: a command prints the formats it knows and refuses the others (none is ignored)', () => {
  it.each([
    [['secrets', 'generate', '--store', 'store.json'], 'json', 'shai secrets generate prints text only'],
    [['secrets', 'seal', '--store', 'store.json'], 'json', 'shai secrets seal prints text only'],
    [['models', 'sync', '--dry-run'], 'json', 'shai models sync prints text only'],
    [['init', '--name', 'x'], 'json', 'shai init prints text only'],
    [['rag', 'query', 'x'], 'xml', 'shai rag query prints text or json'],
    [
      ['secrets', 'status', '--store', 'store.json'],
      'xml',
      'shai secrets status prints text, json, sarif, junit or md',
    ],
    [['doctor', '--dump-command'], 'xml', 'shai doctor prints text, json, sarif, junit or md'],
  ])('%j --format %s: exit 2 before it runs', { timeout: SLOW }, async (args, format, message) => {
    const dir = await workspace();
    const before = files(dir);
    const r = await shai(['--format', format, ...args], dir);
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: `${message}, not "${format}"\n` });
    expect(files(dir)).toEqual(before);
  });
});

describe('secrets seal writes only where render may write', () => {
  const cert = resolve(ROOT, 'test/fixtures/secrets/controller-cert.pem');
  it(
    'a tree that leads out of the repository through a symlink is refused at its line; nothing is written',
    { timeout: SLOW },
    async () => {
      const dir = await workspace();
      const outside = await mkdtemp(join(tmpdir(), 'shai-outside-'));
      dirs.push(outside);
      expect((await shai(['secrets', 'generate', '--store', 'store.json'], dir)).code).toBe(0);
      symlinkSync(outside, join(dir, 'deploy'));
      const r = await shai(['secrets', 'seal', '--cert', cert, '--store', 'store.json'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^platform\.yaml:25:9 gitops\.path: "deploy": is .* \(through a symlink\), outside the repository/,
      );
      expect(files(outside)).toEqual([]);
    },
  );
});
