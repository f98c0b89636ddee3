import { existsSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { CheckInput } from '../check/engine.ts';
import { staleFinding, unsealedFinding, type TreeChange } from '../check/platform-findings.ts';
import { platformTreeInput } from '../check/platform.ts';
import { parseFile } from '../check/read.ts';
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
 * True when PATHs name exactly the platform's tree (`shai check deploy` beside platform.yaml): that check
 * must be the same as `shai check` without PATH. A platform.yaml that cannot be loaded leaves PATH a plain path.
 */
export async function namesPlatformTree(paths: string[], opts: GlobalOptions, io: Io): Promise<boolean> {
  if (paths.length !== 1 || !existsSync(resolve(io.cwd, opts.config))) return false;
  try {
    const { config } = await loadPlatform(opts, io);
    return resolve(io.cwd, paths[0]!) === treeRoot(opts, io, config.gitops.path);
  } catch (err) {
    if (err instanceof UserError) return false;
    throw err;
  }
}

/**
 * Reads the tree under gitops.path from disk (what Argo CD syncs), with the nodes of platform.yaml, and
 * compares it with what `shai render` writes now. One truth: the rules judge the files on disk, and a tree
 * that is stale or lacks sealed secrets is said so once, not through dozens of consequences.
 */
export async function platformTreeCheck(opts: GlobalOptions, io: Io): Promise<PlatformTreeCheck> {
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
  const { input, unsealed } = platformTreeInput(
    config,
    plan,
    parsed.flatMap((p) => p.objects),
    treeDir,
  );
  // A document Argo CD would sync but shai cannot read (no kind, a list...) is an error, never a silent pass.
  const problems = parsed.flatMap((p) => p.problems);
  if (problems.length) input.problems = problems;
  const findings = [staleFinding(changes, treeDir), unsealedFinding(unsealed, treeDir)];
  return { input, findings, treeDir, unsealed };
}

const posix = (p: string) => p.split(sep).join('/');
