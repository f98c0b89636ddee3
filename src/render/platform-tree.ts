import type { Plan } from '../plan/types.ts';
import { sealedSecretPath } from '../secrets/paths.ts';
import type { WritePlan } from './ownership.ts';
import { renderTree, type RenderedTree } from './tree.ts';
import { planTree, readFiles, writeTree } from './write.ts';

/** The platform rendered in memory for the tree at `root`, and what writing it there would change. */
export interface PlatformTree {
  tree: RenderedTree;
  /** What writing the tree would do (nothing when `stale` is false). */
  plan: WritePlan;
  stale: boolean;
}

/**
 * Renders the plan for the tree at `root`, as `shai render` does: the sealed files of secrets still planned
 * are kept (they are written by `shai secrets seal`, and stamp their consumers' checksums).
 */
export async function renderPlatformTree(plan: Plan, root: string): Promise<PlatformTree> {
  const keep = await readFiles(root, plan.secrets.map(sealedSecretPath));
  const tree = await renderTree(plan, keep);
  const result = await planTree(root, tree.files);
  return { tree, plan: result, stale: result.changes.length > 0 || result.markerChanged };
}

/** Renders and writes the tree at `root` when it is stale; returns the paths it changed. */
export async function rerenderPlatformTree(plan: Plan, root: string): Promise<string[]> {
  const { tree, stale } = await renderPlatformTree(plan, root);
  if (!stale) return [];
  const written = await writeTree(root, tree.files);
  return written.changes.map((c) => c.path);
}
