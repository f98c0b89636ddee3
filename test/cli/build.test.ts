import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const newest = (dir: string): { path: string; mtime: number } =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return { path, mtime: statSync(path).mtimeMs };
    })
    .reduce((a, b) => (b.mtime > a.mtime ? b : a));

describe('the built CLI (dist/, run by bin/shai.js)', () => {
  it('is not older than any source file (vitest builds it first: test/helpers/build-cli.ts)', () => {
    const src = newest(resolve(ROOT, 'src'));
    const built = statSync(resolve(ROOT, 'dist/cli/bin.js')).mtimeMs;
    expect(built >= src.mtime, `${src.path} is newer than dist/: run npm run build`).toBe(true);
  });

  it('is what bin/shai.js runs', async () => {
    const run = await runCli(['--version']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('says how to build it when dist/ is missing, exit 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shai-unbuilt-'));
    cpSync(resolve(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
    const run = await promisify(execFile)(process.execPath, [join(dir, 'bin/shai.js'), '--version']).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => err,
    );
    rmSync(dir, { recursive: true });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('shai is not built: run `npm ci` (or `npm run build`) in its folder first\n');
  });
});
