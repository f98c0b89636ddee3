import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { readLive, loadKubeConfig } from '../../cluster/read-live.ts';
import { diagnose } from '../../cluster/diagnose.ts';
import { UserError } from '../../errors.ts';
import { kubeApi, resourceResolver } from '../../install/api.ts';
import { helmRenderer } from '../../install/chart.ts';
import type { InstallContext, InstallOptions } from '../../install/context.ts';
import { runInstall } from '../../install/install.ts';
import type { AppStatus } from '../../install/waves.ts';
import type { Plan } from '../../plan/types.ts';
import { renderPlatformTree } from '../../render/platform-tree.ts';
import { storePath } from '../../secrets/store.ts';
import type { CommandDef, Io } from '../command.ts';
import { loadPlatform } from '../platform.ts';

/** `90s`, `15m`, `1h` or a bare number of seconds → milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+)(s|m|h)?$/.exec(text.trim());
  if (!m || Number(m[1]) === 0)
    throw new UserError(`${flag}: expected a duration such as 90s, 15m or 1h, got "${text}"`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 's' | 'm' | 'h'] * 1000;
}

/** `--from-wave N`: a whole number, negative waves included. */
export function parseWave(text: unknown): number | undefined {
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(String(text)))
    throw new UserError(`--from-wave: expected a wave number such as -2 or 3, got "${String(text)}"`);
  return Number(text);
}

/** Doctor's failed findings about the Application's namespace or service, one line each. */
export async function diagnoseApp(
  o: { kubeconfig?: unknown; context?: unknown; [k: string]: unknown },
  plan: Plan,
  app: AppStatus,
): Promise<string[]> {
  const state = await readLive({
    kubeconfig: o.kubeconfig as string | undefined,
    context: o.context as string | undefined,
  });
  return diagnose(state, plan)
    .findings.filter((f) => f.status === 'fail' || f.status === 'error')
    .filter((f) => f.target.namespace === app.namespace || f.service === app.name)
    .map(
      (f) =>
        `${f.target.kind} ${f.target.namespace ? `${f.target.namespace}/` : ''}${f.target.name}: ${f.message}${f.fix ? ` (fix: ${f.fix})` : ''}`,
    );
}

async function confirm(io: Io, question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
    void io;
  }
}

/** `shai install`: from a fresh k3s to a synced platform. */
export const installCommand: CommandDef = {
  name: 'install',
  summary:
    'install the platform on a k3s cluster: preflight, node labels, sealing key, Argo CD, root app, follow the sync',
  configure(cmd) {
    cmd.option('--kubeconfig <file>', 'kubeconfig to use (default: KUBECONFIG, ~/.kube/config)');
    cmd.option('--context <name>', 'kubeconfig context to use');
    cmd.option('--dry-run', 'print every action without doing any');
    cmd.option('--yes', 'apply node labels and taints without asking');
    cmd.option('--from-wave <n>', 'follow the sync from this wave on (resume)');
    cmd.option('--timeout <duration>', 'how long each wave may take', '15m');
    cmd.option(
      '--sealing-key <file>',
      'sealing-key backup to restore (default: the one shai secrets backup-key wrote)',
    );
    cmd.option('--store <file>', 'secret store file (its folder holds the default sealing-key backup)');
    cmd.option('--helm <path>', 'helm binary that renders Argo CD’s chart', 'helm');
  },
  async run(_args, o, io) {
    const { file, config, plan } = await loadPlatform(o, io);
    const root = resolve(io.cwd, dirname(file), config.gitops.path);
    const { tree, plan: write, stale } = await renderPlatformTree(plan, root);
    if (stale)
      throw new UserError(
        `${root} is stale (${write.changes.length} files differ): run shai render, commit and push first; Argo CD syncs what is pushed`,
      );
    const kc = loadKubeConfig({
      kubeconfig: o.kubeconfig as string | undefined,
      context: o.context as string | undefined,
    });
    const api = kubeApi(kc);
    const store = resolve(io.cwd, storePath(config.cluster.name, io.env, o.store as string | undefined));
    const opts: InstallOptions = {
      dryRun: Boolean(o.dryRun),
      yes: Boolean(o.yes),
      waveTimeoutMs: parseDuration(String(o.timeout), '--timeout'),
      pollMs: 5000,
      ...(parseWave(o.fromWave) !== undefined ? { fromWave: parseWave(o.fromWave)! } : {}),
    };
    const ctx: InstallContext = {
      api,
      resolve: resourceResolver(api),
      io,
      config,
      plan,
      tree: tree.files,
      renderChart: helmRenderer(String(o.helm)),
      sealingKey: o.sealingKey
        ? { file: resolve(io.cwd, String(o.sealingKey)), given: true }
        : { file: join(dirname(store), `${config.cluster.name}-sealing-keys.yaml`), given: false },
      confirm: (q) => confirm(io, q),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      diagnose: (app) => diagnoseApp(o, plan, app),
    };
    return { exitCode: await runInstall(ctx, opts) };
  },
};
