import { resolve } from 'node:path';
import type { Config } from '../config/schema.ts';
import { loadConfig } from '../config/load.ts';
import { plan as makePlan } from '../plan/plan.ts';
import type { Plan } from '../plan/types.ts';
import { registry } from '../services/registry.ts';
import type { GlobalOptions, Io } from './command.ts';

/**
 * The file to read for --config. Messages name it as the user typed it; only when the command runs with
 * a working directory other than the process's (in-process tests) is it resolved first.
 */
export function configFile(opts: Pick<GlobalOptions, 'config'>, io: Pick<Io, 'cwd'>): string {
  const wanted = resolve(io.cwd, opts.config);
  return wanted === resolve(opts.config) ? opts.config : wanted;
}

/** Loads --config and plans it: the first step of every command that works on a platform. */
export async function loadPlatform(
  opts: Pick<GlobalOptions, 'config'>,
  io: Pick<Io, 'cwd'>,
): Promise<{ file: string; config: Config; plan: Plan }> {
  const file = configFile(opts, io);
  const config = await loadConfig(file, registry);
  return { file, config, plan: makePlan(config, registry) };
}
