import { existsSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { CheckInput } from '../check/engine.ts';
import { staleFinding, unsealedFinding, type TreeChange } from '../check/platform-findings.ts';
import { platformTreeInput } from '../check/platform.ts';
import { parseFile, readCheckInput } from '../check/read.ts';
import { rebase } from '../check/tree-root.ts';
import { UserError } from '../errors.ts';
import type { PlannedSecret } from '../plan/types.ts';
import type { Finding } from '../report/types.ts';
import { renderPlatformTree } from '../render/platform-tree.ts';
import { readTree } from '../render/write.ts';
import type { GlobalOptions, Io } from './command.ts';
import { loadPlatform } from './platform.ts';

/** The platform's tree as `shai check` judges it, and what it says about the tree as a whole. */
export interface PlatformTreeCheck {
  input: CheckInput;
  /** `secrets-sealed` and `tree-up-to-date`, as pass or fail findings. */
  findings: Finding[];
  /** The tree's directory as the user names it (relative to the working directory). */
  treeDir: string;
  unsealed: PlannedSecret[];
}

/** The directory of the platform's tree: gitops.path, relative to platform.yaml. */
function treeRoot(opts: Pick<GlobalOptions, 'config'>, io: Pick<Io, 'cwd'>, gitopsPath: string): string {
  return resolve(dirname(resolve(io.cwd, opts.config)), gitopsPath);
}

/**
 * Which of PATHs names the platform's tree (`shai check deploy` beside platform.yaml), or -1 for none: that check
 * must be the same as `shai check` without PATH, and the other PATHs (chart output, say) are checked with the
 * tree. A platform.yaml that cannot be loaded leaves every PATH a plain path.
 */
export async function platformTreePath(paths: string[], opts: GlobalOptions, io: Io): Promise<number> {
  if (paths.length === 0 || !existsSync(resolve(io.cwd, opts.config))) return -1;
  try {
    const { config } = await loadPlatform(opts, io);
    const root = treeRoot(opts, io, config.gitops.path);
    return paths.findIndex((p) => resolve(io.cwd, p) === root);
  } catch (err) {
    if (err instanceof UserError) return -1;
    throw err;
  }
}

/**
 * Reads the tree under gitops.path from disk (what Argo CD syncs), with the nodes of platform.yaml, and
 * compares it with what `shai render` writes now. One truth: the rules judge the files on disk, and a tree
 * that is stale or lacks sealed secrets is said so once, not through dozens of consequences. `extra` names
 * more files or directories judged with the tree (the chart output of its Applications, say), named like the
 * tree's files, relative to platform.yaml's directory.
 */
export async function platformTreeCheck(
  opts: GlobalOptions,
  io: Io,
  extra: string[] = [],
): Promise<PlatformTreeCheck> {
  const { config, plan } = await loadPlatform(opts, io);
  const root = treeRoot(opts, io, config.gitops.path);
  // Named from platform.yaml's directory, the repository root the Applications' source paths start at.
  const treeDir = posix(relative(dirname(resolve(io.cwd, opts.config)), root)) || '.';
  const onDisk = await readTree(root);
  if (onDisk.size === 0)
    throw new UserError(
      `${treeDir}: no rendered tree here (gitops.path of ${opts.config}); run shai render first`,
    );
  const { plan: write, stale } = await renderPlatformTree(plan, root);
  // Only the list of files shai owns differs: still stale, as render --check says.
  const changes: TreeChange[] =
    stale && !write.changes.length
      ? [{ path: '.shai-manifest', change: write.markerExisted ? 'changed' : 'added' }]
      : write.changes;
  const parsed = [...onDisk]
    .filter(([path]) => /\.(ya?ml|json)$/i.test(path) && !path.split('/').some((p) => p.startsWith('.')))
    .map(([path, text]) => parseFile(text, `${treeDir}/${path}`));
  const objects = parsed.flatMap((p) => p.objects);
  const more = extra.length ? await readCheckInput(extra, io.cwd) : { objects: [], problems: [] };
  const base = dirname(resolve(io.cwd, opts.config));
  // A PATH inside the tree names files already read with it: once is enough, as with plain PATHs.
  const outside = more.objects.filter((o) => !o.file || !resolve(io.cwd, o.file).startsWith(root + sep));
  objects.push(...rebase(outside, io.cwd, posix(base)));
  const { input, unsealed } = platformTreeInput(config, plan, objects, treeDir);
  // A document Argo CD would sync but shai cannot read (no kind, a list...) is an error, never a silent pass.
  const problems = [...parsed.flatMap((p) => p.problems), ...rebase(more.problems, io.cwd, posix(base))];
  if (problems.length) input.problems = problems;
  const findings = [staleFinding(changes, treeDir), unsealedFinding(unsealed, treeDir)];
  return { input, findings, treeDir, unsealed };
}

const posix = (p: string) => p.split(sep).join('/');
