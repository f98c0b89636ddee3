import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import type { CommandDef, GlobalOptions, Io } from '../../src/cli/command.ts';

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

/** The global options of an in-process run, as main() passes them for `--format json`. */
export const JSON_OPTIONS: GlobalOptions = {
  config: 'platform.yaml',
  format: 'json',
  failOn: 'error',
  color: false,
  debug: false,
};

/** Where and when an in-process run happens, and any options on top of JSON_OPTIONS. */
export type RunOptions = { cwd: string; now?: Date } & Partial<GlobalOptions> & Record<string, unknown>;

/** Runs one command in-process, as main() would after parsing its flags, and returns its exit code and output. */
export async function runCommand(
  cmd: CommandDef,
  args: string[],
  { cwd, now = new Date(0), ...opts }: RunOptions,
) {
  const io = captureIo({ cwd, now: () => now });
  const result = await cmd.run!(args, { ...JSON_OPTIONS, ...opts }, io);
  return { exitCode: result.exitCode, out: io.out(), err: io.err() };
}
