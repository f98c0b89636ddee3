import type { CommandDef } from './command.ts';

/**
 * A command whose module is imported only when it runs or when help lists every command. Command
 * modules pull in heavy libraries (the Kubernetes client, typed models): loading all of them made every
 * `shai` call, even `shai plan`, pay seconds of start-up.
 */
export interface LazyCommand {
  name: string;
  load(): Promise<CommandDef>;
}

/** An entry of the command registry: a command, or a lazily loaded one. */
export type CommandEntry = CommandDef | LazyCommand;

/** A registry line: `lazy('plan', () => import('./plan.ts').then((m) => m.planCommand))`. */
export function lazy(name: string, load: () => Promise<CommandDef>): LazyCommand {
  return { name, load };
}

// Global options that take a value: the token after them is that value, not the command.
const VALUED = new Set(['--config', '--format', '--fail-on']);

/** The first operand of argv: the command the user asked for, if any. */
export function requestedCommand(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') return argv[i + 1];
    if (!token.startsWith('-')) return token;
    if (VALUED.has(token)) i++;
  }
  return undefined;
}

/**
 * The commands to give commander: only the requested one when argv names a registered command, else all
 * of them (help, a bare `shai`, an unknown command that needs "did you mean"); none for --version.
 */
export async function resolveCommands(
  entries: readonly CommandEntry[],
  argv: readonly string[],
): Promise<CommandDef[]> {
  const wanted = requestedCommand(argv);
  const hit = entries.find((e) => e.name === wanted);
  // `shai --version` needs no command at all.
  const versionOnly = wanted === undefined && argv.some((a) => a === '--version' || a === '-V');
  const chosen = hit ? [hit] : versionOnly ? [] : entries;
  return Promise.all(chosen.map((e) => ('load' in e ? e.load() : e)));
}
