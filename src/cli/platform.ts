import { dirname, resolve } from 'node:path';
import { loadConfigSource } from '../config/load.ts';
import { positionInText } from '../config/positions.ts';
import type { Config } from '../config/schema.ts';
import { plan as makePlan } from '../plan/plan.ts';
import type { Plan } from '../plan/types.ts';
import { resolveOutDir } from '../render/out-dir.ts';
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

/**
 * The platform's tree, gitops.path relative to platform.yaml, refused (exit 2, at its line) exactly as render
 * refuses it: not a directory of its own strictly inside the repository (its root, an ancestor, outside it,
 * through a symlink, inside .git, a file). Every command that writes into the tree goes through it.
 */
export async function platformTreeDir(
  opts: Pick<GlobalOptions, 'config'>,
  io: Pick<Io, 'cwd'>,
  text: string,
  gitopsPath: string,
): Promise<string> {
  const repo = dirname(resolve(io.cwd, opts.config));
  const { line, col } = positionInText(text, ['gitops', 'path']);
  return resolveOutDir({
    value: gitopsPath,
    base: repo,
    repo,
    key: `${opts.config}:${line}:${col} gitops.path`,
  });
}
