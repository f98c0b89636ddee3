import { CommanderError } from 'commander';
import { UserError } from '../errors.ts';
import { describeErrno, isEnvironmentError } from '../fs-errors.ts';
import type { Io } from './command.ts';
import { resolveCommands, type CommandEntry } from './lazy.ts';
import { packageInfo } from './package-info.ts';
import { buildProgram, type Outcome } from './program.ts';

/** Exit codes: the contract scripts and CI rely on. */
export const EXIT = { ok: 0, findings: 1, user: 2, internal: 3 } as const;

/**
 * Runs the CLI on `argv` (without `node shai`) with the given commands and returns the exit code.
 * Never exits: bin.ts does.
 * A user error prints its message (one line per problem, no stack); anything else is a bug in shai.
 */
export async function main(argv: string[], io: Io, entries: readonly CommandEntry[]): Promise<number> {
  const outcome: Outcome = {};
  try {
    const commands = await resolveCommands(entries, argv);
    const program = buildProgram(commands, io, packageInfo().version, outcome);
    await program.parseAsync(argv, { from: 'user' });
    return outcome.result?.exitCode ?? EXIT.ok;
  } catch (err) {
    return reportError(err, argv.includes('--debug'), io);
  }
}

/** Prints an error the way the exit-code contract says and returns the code. */
export function reportError(err: unknown, debug: boolean, io: Pick<Io, 'stderr'>): number {
  if (err instanceof CommanderError) {
    // --help and --version "exit" with 0; a bare `shai` printed help to stderr and is a usage error.
    if (err.exitCode === 0) return EXIT.ok;
    if (err.code === 'commander.help') return EXIT.user;
    io.stderr(`${err.message.replace(/\s*\n\s*/g, ' ')}\n`);
    return EXIT.user;
  }
  if (err instanceof UserError) {
    io.stderr(`${err.message}\n`);
    if (debug && err.cause instanceof Error)
      io.stderr(`caused by: ${err.cause.stack ?? err.cause.message}\n`);
    return EXIT.user;
  }
  if (isEnvironmentError(err)) {
    // A file, permission or disk problem no reader turned into a UserError yet: still the environment's, exit 2.
    const e = err as NodeJS.ErrnoException;
    io.stderr(`${e.path ?? e.syscall ?? 'shai'}: ${describeErrno(e.code!)}\n`);
    if (debug) io.stderr(`${e.stack}\n`);
    return EXIT.user;
  }
  if (debug) {
    io.stderr(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    if (err instanceof Error && err.cause instanceof Error) io.stderr(`caused by: ${err.cause.stack}\n`);
  } else {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    io.stderr(`internal error: ${message} (a bug in shai; re-run with --debug for the stack)\n`);
  }
  return EXIT.internal;
}
