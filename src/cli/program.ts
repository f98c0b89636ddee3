import { Command, Option } from 'commander';
import { SEVERITIES } from '../report/types.ts';
import { UserError } from '../errors.ts';
import type { CommandDef, GlobalOptions, Io, Result } from './command.ts';

/** What running the parsed command produced; commander's own action handlers cannot return it. */
export interface Outcome {
  result?: Result;
}

const DESCRIPTION = 'shai: render, check and operate a self-hosted AI platform on k3s from one platform.yaml';

/**
 * Builds the commander program from the command registry. Commander never exits or prints errors itself
 * here: `exitOverride` turns its exits into CommanderErrors that main() maps to exit codes.
 */
export function buildProgram(
  commands: readonly CommandDef[],
  io: Io,
  version: string,
  outcome: Outcome,
): Command {
  const program = new Command('shai')
    .description(DESCRIPTION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => {} })
    .configureHelp({ showGlobalOptions: true })
    .option('--config <file>', 'platform file', 'platform.yaml')
    .option('--format <name>', 'output format (text, json; reports also sarif, junit, md)', 'text')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 for findings at or above this severity')
        .choices(SEVERITIES)
        .default('error'),
    )
    .option('--no-color', 'no ANSI colours (also when NO_COLOR is set or output is not a terminal)')
    .option('--debug', 'print the stack of an internal error', false)
    .version(version, '-V, --version', 'print the version of shai');
  for (const def of commands) addCommand(program, def, io, outcome);
  return program;
}

/** Where a global option's value came from ('cli', 'default', ...), looked up from the command to the root. */
function optionSource(cmd: Command, key: string): string | undefined {
  for (let c: Command | null = cmd; c; c = c.parent) {
    const source = c.getOptionValueSource(key);
    if (source) return source;
  }
  return undefined;
}

/** `secrets seal`: the command's words after `shai`. */
function commandPath(cmd: Command): string {
  const words: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) words.unshift(c.name());
  return words.join(' ');
}

/** `text only`, `text or json`, `text, json, sarif, junit or md`. */
function oneOf(formats: readonly string[]): string {
  if (formats.length === 1) return `${formats[0]} only`;
  return `${formats.slice(0, -1).join(', ')} or ${formats.at(-1)}`;
}

function addCommand(parent: Command, def: CommandDef, io: Io, outcome: Outcome): void {
  const cmd = parent.command(def.name).description(def.summary);
  def.configure?.(cmd);
  for (const sub of def.subcommands ?? []) addCommand(cmd, sub, io, outcome);
  const run = def.run;
  if (!run) return;
  cmd.action(async (...actionArgs: unknown[]) => {
    const self = actionArgs.at(-1) as Command;
    const opts = self.optsWithGlobals() as GlobalOptions & Record<string, unknown>;
    if (!def.failOn && optionSource(self, 'failOn') === 'cli')
      throw new UserError(
        `--fail-on: shai ${self.name()} has no findings to fail on; it is an option of plan, check, doctor and secrets status`,
      );
    const formats = def.formats ?? ['text'];
    if (!formats.includes(opts.format))
      throw new UserError(`shai ${commandPath(self)} prints ${oneOf(formats)}, not "${opts.format}"`);
    outcome.result = await run(self.args, opts, io);
  });
}
