import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { UserError } from '../errors.ts';
import { plan as makePlan } from '../plan/plan.ts';
import type { Plan } from '../plan/types.ts';
import { registry } from '../services/registry.ts';
import type { GlobalOptions, Io } from './command.ts';

/**
 * Reads --config relative to the command's working directory but names it in every message exactly as
 * the user typed it, so errors read `platform.yaml:14:7 ...` whatever the directory.
 */
export async function readConfig(opts: Pick<GlobalOptions, 'config'>, io: Pick<Io, 'cwd'>): Promise<Config> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, opts.config), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read it (${code})`;
    throw new UserError(`${opts.config}: ${why}`, { cause: err });
  }
  return parseConfig(text, opts.config, registry);
}

/** Loads --config and plans it: the first step of every command that works on a platform. */
export async function loadPlatform(
  opts: Pick<GlobalOptions, 'config'>,
  io: Pick<Io, 'cwd'>,
): Promise<{ file: string; config: Config; plan: Plan }> {
  const config = await readConfig(opts, io);
  return { file: opts.config, config, plan: makePlan(config, registry) };
}
