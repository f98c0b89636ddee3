import { dirname, resolve } from 'node:path';
import { plan as makePlan } from '../../plan/plan.ts';
import { resolveOutDir } from '../../render/out-dir.ts';
import type { WritePlan } from '../../render/ownership.ts';
import { renderTree } from '../../render/tree.ts';
import { describePlan, planTree, readFiles, writeTree } from '../../render/write.ts';
import { sealedSecretPath } from '../../secrets/paths.ts';
import { registry } from '../../services/registry.ts';
import type { CommandDef, GlobalOptions, Io } from '../command.ts';
import { platformTreeDir, readConfigSource } from '../platform.ts';

const FORMATS = ['text', 'json'];

/** The directory render writes: `--out` (relative to the working directory) or gitops.path (relative to platform.yaml). */
async function outDir(opts: GlobalOptions & Record<string, unknown>, io: Io, text: string, path: string) {
  if (opts.out === undefined) return platformTreeDir(opts, io, text, path);
  const repo = dirname(resolve(io.cwd, opts.config));
  return resolveOutDir({ value: String(opts.out), base: io.cwd, repo, key: '--out' });
}

/** The plan as data, for --format json. */
function planJson(root: string, plan: WritePlan, check: boolean, summary: Record<string, number>): string {
  const body = {
    root,
    ...(check ? { upToDate: !plan.changes.length && !plan.markerChanged } : {}),
    ...summary,
    changes: plan.changes,
    keptEdited: plan.keptEdited,
    leftAlone: plan.foreign,
    adopted: plan.adopted,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** `shai render [--check]`: writes the deploy/ tree, or compares it with the one on disk. */
export const renderCommand: CommandDef = {
  name: 'render',
  formats: FORMATS,
  summary: 'render the GitOps tree (deploy/) that Argo CD syncs',
  configure(cmd) {
    cmd.option('--check', 'render in memory and fail listing every file that differs from the tree on disk');
    cmd.option('--out <dir>', 'write to this directory (inside the repository) instead of gitops.path');
  },
  async run(_args, opts, io) {
    const { config, text } = await readConfigSource(opts, io);
    const plan = makePlan(config, registry);
    const root = await outDir(opts, io, text, config.gitops.path);
    // Sealed secrets are written by `shai secrets seal`; render keeps those of secrets still planned.
    const keep = await readFiles(root, plan.secrets.map(sealedSecretPath));
    const tree = await renderTree(plan, keep);
    const summary = {
      services: plan.services.length,
      charts: tree.charts.size,
      objects: tree.manifest.length,
      files: tree.files.size,
    };
    const json = opts.format === 'json';
    if (opts.check) {
      const result = await planTree(root, tree.files);
      const stale = result.changes.length > 0 || result.markerChanged;
      if (json) io.stdout(planJson(root, result, true, summary));
      else if (!stale) io.stdout(`${root}: up to date (${tree.files.size} files)\n`);
      else {
        const lines = describePlan(result);
        if (!result.changes.length)
          lines.unshift(
            `  ${result.markerExisted ? 'changed' : 'added'}    .shai-manifest (the list of files shai owns here)`,
          );
        io.stdout(`${root} is stale; run shai render:\n${lines.join('\n')}\n`);
      }
      return { exitCode: stale ? 1 : 0 };
    }
    const result = await writeTree(root, tree.files);
    if (json) {
      io.stdout(planJson(root, result, false, summary));
      return { exitCode: 0 };
    }
    io.stdout(
      `rendered ${summary.services} services (${summary.charts} from pinned charts) into ${root}: ` +
        `${summary.objects} objects in ${summary.files} files` +
        `${result.adopted ? ` (the tree there, written by an earlier shai, is now marked as shai's)` : ''}\n`,
    );
    // A new tree is all "added": the summary line says it; an existing one lists each change.
    const lines = result.fresh ? [] : describePlan(result);
    if (lines.length) io.stdout(`${lines.join('\n')}\n`);
    return { exitCode: 0 };
  },
};
