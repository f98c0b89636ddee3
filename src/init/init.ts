import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Io } from '../io.ts';
import { parseConfig } from '../config/load.ts';
import { UserError } from '../errors.ts';
import { plan as makePlan } from '../plan/plan.ts';
import type { ServiceDef } from '../services/types.ts';
import type { InitAnswers } from './answers.ts';
import { platformYaml } from './platform-file.ts';
import { renovateJson } from './renovate.ts';
import { preCommitYaml, workflowYaml } from './workflow.ts';

/** The files `shai init` writes, relative to the repository. */
export function initFiles(
  a: InitAnswers,
  registry: readonly ServiceDef[],
  shaiPackage?: string,
): Map<string, string> {
  const platform = platformYaml(a);
  // Refuse to write a platform that shai itself would reject: the answers are checked by the real schema.
  makePlan(parseConfig(platform, 'platform.yaml', registry), registry);
  return new Map([
    ['platform.yaml', platform],
    ['.github/workflows/shai.yml', workflowYaml(shaiPackage)],
    ['.pre-commit-config.yaml', preCommitYaml()],
    ['renovate.json', renovateJson()],
  ]);
}

/** Writes the files into `dir`; refuses (writing nothing) when one exists, unless `force`. */
export async function writeInitFiles(
  dir: string,
  files: Map<string, string>,
  force: boolean,
  io: Io,
): Promise<void> {
  const existing = [...files.keys()].filter((p) => existsSync(join(dir, p)));
  if (existing.length && !force)
    throw new UserError(`${existing.join(', ')} already exist in ${dir}: pass --force to replace them`);
  for (const [path, text] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
    io.stdout(`wrote ${path}\n`);
  }
}
