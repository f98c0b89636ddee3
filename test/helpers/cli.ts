import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import type { Io } from '../../src/cli/command.ts';

/** The repository root, where bin/shai.js lives. */
export const ROOT = resolve(import.meta.dirname, '../..');

/** What a CLI run produced. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI as a user would (`node bin/shai.js ...`) in `cwd` and collects its output.
 * NO_COLOR and a non-TTY pipe keep output plain; FORCE_COLOR is dropped so the environment cannot add colours.
 */
export function runCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  const { FORCE_COLOR: _force, ...env } = process.env;
  return new Promise((done) => {
    execFile(
      process.execPath,
      [resolve(ROOT, 'bin/shai.js'), ...args],
      { cwd: opts.cwd ?? ROOT, env: { ...env, ...opts.env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** An in-process Io that records what a command prints. */
export function captureIo(overrides: Partial<Io> = {}): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    isTTY: false,
    env: {},
    cwd: ROOT,
    now: () => new Date('2026-01-01T00:00:00Z'),
    ...overrides,
    out: () => out,
    err: () => err,
  };
}
