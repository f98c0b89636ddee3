import { UserError } from '../errors.ts';
import { applyAll, type Applied } from './apply.ts';
import { reportApplied, treeObjects, type InstallContext, type InstallOptions } from './context.ts';

/**
 * The AppProjects, then the root app-of-apps: from here Argo CD syncs the tree from Git, wave by wave.
 * The projects come first so the child Applications the root creates find theirs.
 */
export async function runRoot(ctx: InstallContext, opts: InstallOptions): Promise<Applied[]> {
  const projects = treeObjects(ctx.tree, 'apps/projects/');
  const root = treeObjects(ctx.tree, 'root.yaml');
  if (!root.some((o) => o.kind === 'Application'))
    throw new UserError('deploy/root.yaml has no Application: run shai render');
  ctx.io.stdout(
    `root: ${projects.length} AppProjects and deploy/root.yaml (repository ${ctx.config.gitops.repoURL}, ${ctx.config.gitops.revision})\n`,
  );
  const applied = await applyAll(ctx.api, ctx.resolve, [...projects, ...root], {
    dryRun: opts.dryRun,
    ...(ctx.pending ? { pending: ctx.pending } : {}),
  });
  reportApplied(ctx.io, 'root', applied, opts.dryRun);
  if (applied.some((a) => a.outcome === 'rejected'))
    throw new UserError('the API server rejected the root objects: install stopped');
  return applied;
}
