import { lazy, type CommandEntry } from '../lazy.ts';

/**
 * Every command of the CLI, in the order `shai --help` lists them. Adding one is a file and a line here.
 * Commands are imported lazily so that each run loads only the command it runs.
 */
export const commands: readonly CommandEntry[] = [
  lazy('init', () => import('./init.ts').then((m) => m.initCommand)),
  lazy('plan', () => import('./plan.ts').then((m) => m.planCommand)),
  lazy('render', () => import('./render.ts').then((m) => m.renderCommand)),
  lazy('secrets', () => import('./secrets.ts').then((m) => m.secretsCommand)),
  lazy('check', () => import('./check.ts').then((m) => m.checkCommand)),
  lazy('models', () => import('./models.ts').then((m) => m.modelsCommand)),
  lazy('doctor', () => import('./doctor.ts').then((m) => m.doctorCommand)),
  lazy('rag', () => import('./rag.ts').then((m) => m.ragCommand)),
  lazy('mcp', () => import('./mcp.ts').then((m) => m.mcpCommand)),
  lazy('install', () => import('./install.ts').then((m) => m.installCommand)),
  lazy('backup', () => import('./backup.ts').then((m) => m.backupCommand)),
];
