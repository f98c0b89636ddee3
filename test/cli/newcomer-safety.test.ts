import { execFile } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
