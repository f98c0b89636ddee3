import type { KubeObject } from '../k8s/object.ts';
import { expectOk } from './api.ts';
import { treeObjects, type InstallContext, type InstallOptions } from './context.ts';
import { appStatus, byWave, elapsedText, failure, isDone, progressTable, type AppStatus } from './waves.ts';

/** How following the sync ended. */
export type FollowResult = { ok: true } | { ok: false; app: AppStatus; why: string };

async function liveApps(ctx: InstallContext, namespace: string): Promise<Map<string, KubeObject>> {
  const body = expectOk(
    await ctx.api.request('GET', `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/applications`),
    'cannot list the Argo CD Applications',
  );
  return new Map(((body.items ?? []) as KubeObject[]).map((a) => [a.metadata.name, a]));
}

/** Prints the table on change only, so a log (no terminal) gets one block per change, not one per poll. */
function printer(ctx: InstallContext) {
  let last = '';
  return (apps: AppStatus[], elapsedMs: number) => {
    const state = apps.map((a) => `${a.name}:${a.sync}:${a.health}`).join(',');
    if (state === last) return;
    last = state;
    ctx.io.stdout(
      progressTable(apps, elapsedMs)
        .map((l) => `  ${l}\n`)
        .join(''),
    );
  };
}

/** Waits for one wave: every Application Synced and Healthy; stops at the first failure or at the timeout. */
async function followWave(
  ctx: InstallContext,
  opts: InstallOptions,
  wave: number,
  apps: KubeObject[],
): Promise<FollowResult> {
  const start = ctx.io.now().getTime();
  const print = printer(ctx);
  ctx.io.stdout(`wave ${wave}: ${apps.map((a) => a.metadata.name).join(', ')}\n`);
  for (;;) {
    const live = await liveApps(ctx, apps[0]!.metadata.namespace ?? 'argocd');
    const statuses = apps.map((a) => appStatus(a, live.get(a.metadata.name)));
    const elapsed = ctx.io.now().getTime() - start;
    print(statuses, elapsed);
    const failed = statuses.find((s) => failure(s));
    if (failed) return { ok: false, app: failed, why: failure(failed)! };
    if (statuses.every(isDone)) {
      ctx.io.stdout(`wave ${wave}: synced and healthy in ${elapsedText(elapsed)}\n`);
      return { ok: true };
    }
    if (elapsed >= opts.waveTimeoutMs) {
      const slow = statuses.find((s) => !isDone(s))!;
      return {
        ok: false,
        app: slow,
        why: `not synced and healthy after ${elapsedText(elapsed)} (${slow.sync}, ${slow.health}; --timeout)`,
      };
    }
    await ctx.sleep(opts.pollMs);
  }
}

/** Follows the sync of the rendered Applications wave by wave, from --from-wave on. */
export async function runFollow(ctx: InstallContext, opts: InstallOptions): Promise<FollowResult> {
  const apps = treeObjects(ctx.tree, 'apps/').filter((o) => o.kind === 'Application');
  const waves = byWave(apps).filter(([w]) => opts.fromWave === undefined || w >= opts.fromWave);
  if (opts.dryRun) {
    ctx.io.stdout(
      `would follow ${waves.length} waves: ${waves.map(([w, list]) => `${w} (${list.length})`).join(', ')}\n`,
    );
    return { ok: true };
  }
  for (const [wave, list] of waves) {
    const r = await followWave(ctx, opts, wave, list);
    if (!r.ok) {
      ctx.io.stdout(`stopped at wave ${wave}: Application ${r.app.name} ${r.why}\n`);
      const causes = await ctx.diagnose(r.app);
      ctx.io.stdout(
        causes.length
          ? `shai doctor on ${r.app.namespace}:\n${causes.map((c) => `  ${c}\n`).join('')}`
          : `shai doctor found nothing wrong in ${r.app.namespace}; see the Application in Argo CD\n`,
      );
      ctx.io.stdout(`fix it, push, and resume with: shai install --from-wave ${wave}\n`);
      return r;
    }
  }
  return { ok: true };
}
