import { UserError } from '../errors.ts';
import type { KubeObject } from '../k8s/object.ts';
import { expectOk } from './api.ts';
import type { InstallContext, InstallOptions } from './context.ts';
import { describeChange, nodeChange, type NodeChange } from './node-settings.ts';

/** Applies the labels and taints platform.yaml sets, after showing them and asking (unless --yes). */
export async function runNodeSettings(
  ctx: InstallContext,
  opts: InstallOptions,
  nodes: readonly KubeObject[],
): Promise<NodeChange[]> {
  const { io } = ctx;
  const changes = ctx.config.cluster.nodes.flatMap((n) => {
    const live = nodes.find((x) => x.metadata.name === n.name);
    const c = live ? nodeChange(n, live) : undefined;
    return c ? [c] : [];
  });
  if (!changes.length) {
    io.stdout('nodes: every label and taint of platform.yaml is set\n');
    return [];
  }
  io.stdout(
    `nodes: platform.yaml sets these labels and taints\n${changes
      .flatMap(describeChange)
      .map((l) => `  ${l}\n`)
      .join('')}`,
  );
  if (opts.dryRun) {
    io.stdout('  (dry run: not applied)\n');
    return changes;
  }
  if (!opts.yes) {
    if (!io.isTTY)
      throw new UserError('node labels and taints need approval: run on a terminal or pass --yes');
    if (!(await ctx.confirm('apply them?')))
      throw new UserError('node labels and taints not applied: install stopped');
  }
  for (const c of changes) {
    expectOk(
      await ctx.api.request(
        'PATCH',
        `/api/v1/nodes/${encodeURIComponent(c.node)}`,
        c.patch,
        'application/merge-patch+json',
      ),
      `cannot label node ${c.node}`,
    );
  }
  io.stdout(`  applied to ${changes.length} node(s)\n`);
  return changes;
}
