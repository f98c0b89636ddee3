import type { Command } from 'commander';
import type { Io } from '../io.ts';
import type { Severity } from '../report/types.ts';

/** Options every command accepts (set on the root program). */
export interface GlobalOptions {
  config: string;
  format: string;
  failOn: Severity;
  color: boolean;
  debug: boolean;
}

// Io lives on the lowest floor: the command modules below cli (init, install, secrets) take it too.
export type { Io } from '../io.ts';

/** What a command returns; only bin.ts turns it into a process exit. */
export interface Result {
  exitCode: number;
}

/** One CLI command: its flags are declared on a commander Command, its work is `run`. */
export interface CommandDef {
  name: string;
  summary: string;
  /** Declares arguments and options on the given commander command. */
  configure?(cmd: Command): void;
  /** Runs the command. `args` are positional arguments, `opts` the command's own options merged with the global ones. */
  run?(args: string[], opts: GlobalOptions & Record<string, unknown>, io: Io): Promise<Result>;
  /** The command honours --fail-on (its exit code follows findings or warnings); others refuse it when given. */
  failOn?: boolean;
  /** The --format values the command prints; without it, text only. Any other value is refused before it runs. */
  formats?: readonly string[];
  /** Nested commands, e.g. `secrets seal`. */
  subcommands?: CommandDef[];
}
