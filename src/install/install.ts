import { dryRunPending } from './apply.ts';
import { runArgoCd } from './step-argocd.ts';
import { runFollow } from './step-follow.ts';
import { finishLines } from './step-finish.ts';
import { runNodeSettings } from './step-nodes.ts';
import { runPreflight } from './step-preflight.ts';
import { runRoot } from './step-root.ts';
import { runSealingKey } from './step-sealing-key.ts';
import type { InstallContext, InstallOptions } from './context.ts';

/**
 * `shai install`: preflight, node labels and taints, the sealing key, Argo CD, the AppProjects and root
 * Application, then the sync followed wave by wave. Every step is idempotent (server-side apply of the same
 * objects), so a re-run after any failure picks up where things stand. Returns the exit code.
 */
export async function runInstall(ctx: InstallContext, opts: InstallOptions): Promise<number> {
  ctx.pending = dryRunPending();
  const pre = await runPreflight(ctx);
  if (!pre.ok) return 1;
  await runNodeSettings(ctx, opts, pre.nodes);
  const key = await runSealingKey(ctx, opts);
  await runArgoCd(ctx, opts);
  await runRoot(ctx, opts);
  const followed = await runFollow(ctx, opts);
  if (!followed.ok) return 1;
  if (opts.dryRun) {
    ctx.io.stdout('dry run: nothing was changed\n');
    return 0;
  }
  ctx.io.stdout(
    finishLines(ctx.plan, key)
      .map((l) => `${l}\n`)
      .join(''),
  );
  return 0;
}
