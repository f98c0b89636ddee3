import { resolve } from 'node:path';
import { loadConfigSource } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { plan as makePlan } from '../plan/plan.ts';
import type { Plan } from '../plan/types.ts';
import { registry } from '../services/registry.ts';
import type { GlobalOptions, Io } from './command.ts';

/**
 * Reads --config relative to the command's working directory but names it in every message exactly as
 * the user typed it, so errors read `platform.yaml:14:7 ...` whatever the directory.
 */
export async function readConfigSource(
  opts: Pick<GlobalOptions, 'config'>,
  io: Pick<Io, 'cwd'>,
): Promise<{ config: Config; text: string }> {
  return loadConfigSource(resolve(io.cwd, opts.config), registry, opts.config);
}

/** The Config of --config (see readConfigSource). */
export async function readConfig(opts: Pick<GlobalOptions, 'config'>, io: Pick<Io, 'cwd'>): Promise<Config> {
  return (await readConfigSource(opts, io)).config;
}

/** Loads --config and plans it: the first step of every command that works on a platform. */
export async function loadPlatform(
  opts: Pick<GlobalOptions, 'config'>,
  io: Pick<Io, 'cwd'>,
): Promise<{ file: string; config: Config; plan: Plan }> {
  const config = await readConfig(opts, io);
  return { file: opts.config, config, plan: makePlan(config, registry) };
}
