import type { Plan } from '../plan/types.ts';
import { sealedSecretPath } from '../secrets/paths.ts';
import { renderTree, type RenderedTree } from './tree.ts';
import { readFiles } from './write.ts';

/**
 * What `shai render` writes into `root` now: the render of the plan, keeping the sealed secrets `shai secrets
 * seal` wrote there for secrets still planned (as the render command does).
 */
export async function rerender(plan: Plan, root: string): Promise<RenderedTree> {
  return renderTree(plan, await readFiles(root, plan.secrets.map(sealedSecretPath)));
}
