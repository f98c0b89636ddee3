import { expectOk } from './api.ts';
import type { InstallContext } from './context.ts';
import { preflight, type Check, type ServerVersion } from './preflight.ts';
import type { KubeObject } from '../k8s/object.ts';

const MARK = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;

/** Whether the GPU operator's device plugin has ready pods (only then must GPU nodes advertise nvidia.com/gpu). */
async function gpuOperatorRunning(ctx: InstallContext): Promise<boolean> {
  const svc = ctx.plan.services.find((s) => s.name === 'gpu-operator');
  if (!svc) return false;
  const r = await ctx.api.request('GET', `/apis/apps/v1/namespaces/${svc.namespace}/daemonsets`);
  if (r.status !== 200) return false;
  const items = (r.body.items ?? []) as { metadata: { name: string }; status?: { numberReady?: number } }[];
  return items.some((d) => d.metadata.name.includes('device-plugin') && (d.status?.numberReady ?? 0) > 0);
}

/** Reads /version and the Nodes, prints every check; false when one failed (nothing has been changed yet). */
export async function runPreflight(
  ctx: InstallContext,
): Promise<{ ok: boolean; nodes: KubeObject[]; checks: Check[] }> {
  const { io } = ctx;
  io.stdout(`preflight against ${ctx.api.server}\n`);
  const version = expectOk(
    await ctx.api.request('GET', '/version'),
    'the API server did not answer /version',
  ) as unknown as ServerVersion;
  const nodes = (expectOk(await ctx.api.request('GET', '/api/v1/nodes'), 'cannot list the nodes').items ??
    []) as KubeObject[];
  const checks = preflight({
    config: ctx.config,
    version,
    nodes,
    gpuOperatorRunning: await gpuOperatorRunning(ctx),
  });
  for (const c of checks) {
    io.stdout(`  ${MARK[c.status]} ${c.message}\n`);
    if (c.status !== 'ok' && c.fix) io.stdout(`       fix: ${c.fix}\n`);
  }
  const failed = checks.filter((c) => c.status === 'fail').length;
  if (failed) io.stdout(`preflight: ${failed} check(s) failed; nothing was changed\n`);
  return { ok: failed === 0, nodes, checks };
}
