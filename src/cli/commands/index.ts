import type { CommandDef } from '../command.ts';
import { checkCommand } from './check.ts';
import { doctorCommand } from './doctor.ts';
import { planCommand } from './plan.ts';
import { renderCommand } from './render.ts';
import { secretsCommand } from './secrets.ts';

/** Every command of the CLI, in the order `shai --help` lists them. Adding one is a file and a line here. */
export const commands: readonly CommandDef[] = [
  planCommand,
  renderCommand,
  secretsCommand,
  checkCommand,
  doctorCommand,
];
