import { UserError } from '../../errors.ts';
import { showModels } from '../../models/ollama-client.ts';
import { planModels, uncatalogued } from '../../models/planner.ts';
import { changesTable, progressBar, syncModels, type Progress, type SyncTarget } from '../../models/sync.ts';
import type { Plan } from '../../plan/types.ts';
import { planFit } from '../../render/fit.ts';
import { modelsOn } from '../../services/shared/ollama.ts';
import { modelPlanJson, modelPlanText } from '../../models/plan-view.ts';
import type { CommandDef } from '../command.ts';
import { loadPlatform } from '../platform.ts';

const FORMATS = ['text', 'json'];

/** Where to ask `/api/show` for models outside the catalog: `--url`, else the plan's in-cluster Ollama URLs. */
export function showUrls(plan: Plan, url?: string): string[] {
  if (url) return [url];
  return syncTargets(plan)
    .map((t) => t.url)
    .filter(Boolean);
}

/**
 * `shai models plan`: whether each model fits its GPU or CPU node. Catalogued models need nothing but
 * platform.yaml; for the others the command asks a reachable Ollama (`--url`, else the in-cluster URLs, with a
 * short timeout) and falls back to a size guess that the output calls out.
 */
const modelsPlanCommand: CommandDef = {
  name: 'plan',
  formats: FORMATS,
  summary: 'estimate the memory of every model and whether it fits its GPU / CPU node',
  configure(cmd) {
    cmd
      .option(
        '--reserve <policy>',
        "VRAM left to the other GPU services: 'declared' (their declared VRAM) or 'none' (whole card)",
        'declared',
      )
      .option(
        '--url <url>',
        'an Ollama to ask /api/show for models outside the catalog (default: the in-cluster URLs)',
      );
  },
  async run(_args, opts, io) {
    const reserve = String(opts['reserve'] ?? 'declared');
    if (reserve !== 'none' && reserve !== 'declared') {
      throw new UserError(`--reserve is 'declared' or 'none', not "${reserve}"`);
    }
    const { plan } = await loadPlatform(opts, io);
    const unknown = uncatalogued(plan);
    const urls = showUrls(plan, typeof opts['url'] === 'string' ? opts['url'] : undefined);
    const { shown, notes } = unknown.length
      ? await showModels(urls, unknown, { timeoutMs: 2000 })
      : { shown: new Map(), notes: [] };
    // The CPU instance's memory is what the scheduler simulation of `shai check` leaves it: one figure for both.
    const { rooms } = planFit(plan);
    const mp = planModels(plan, { reserve, shown, notes, rooms });
    io.stdout(opts.format === 'json' ? modelPlanJson(mp) : modelPlanText(mp));
    const failed = mp.instances.some((i) => i.models.some((m) => m.fit === 'none'));
    return { exitCode: failed ? 1 : 0 };
  },
};

/** The Ollama instances of the plan with their in-cluster URLs, or one `--url` serving every planned model. */
export function syncTargets(plan: Plan, url?: string): SyncTarget[] {
  const instances = plan.services.filter((s) => s.name.startsWith('ollama-'));
  if (url) {
    const models = [...new Set(instances.flatMap((s) => modelsOn(plan, s.name)))];
    return [{ instance: url, url, models }];
  }
  return instances.map((s) => ({
    instance: s.name,
    url: s.urls['http'] ?? Object.values(s.urls)[0] ?? '',
    models: modelsOn(plan, s.name),
  }));
}

/** `shai models sync`: pull what the plan places and is missing, delete the rest only with --prune. */
const modelsSyncCommand: CommandDef = {
  name: 'sync',
  summary: 'pull the planned models into the live Ollama instances (--prune deletes the others)',
  configure(cmd) {
    cmd
      .option('--dry-run', 'only show what would change')
      .option('--prune', 'delete models the plan does not place')
      .option('--url <url>', 'one Ollama URL instead of the in-cluster URLs (e.g. a port-forward)');
  },
  async run(_args, opts, io) {
    const { plan } = await loadPlatform(opts, io);
    const targets = syncTargets(plan, typeof opts['url'] === 'string' ? opts['url'] : undefined);
    let lastLine = '';
    const onProgress = (p: Progress) => {
      if (io.isTTY) {
        io.stderr(`\r${progressBar(p)}${p.status === 'success' ? '\n' : ''}`);
        return;
      }
      // Plain output: one line per status change, not one per chunk.
      const line = `${p.instance} ${p.model}: ${p.status.startsWith('pulling sha256') ? 'downloading' : p.status}`;
      if (line !== lastLine) io.stderr(`${line}\n`);
      lastLine = line;
    };
    const changes = await syncModels(targets, {
      dryRun: Boolean(opts['dryRun']),
      prune: Boolean(opts['prune']),
      onProgress,
    });
    io.stdout(changesTable(changes));
    return { exitCode: changes.some((c) => c.action === 'failed') ? 1 : 0 };
  },
};

/** `shai models`: plan and sync the models Ollama serves. */
export const modelsCommand: CommandDef = {
  name: 'models',
  summary: 'plan the models (memory per GPU and CPU node) and sync them into Ollama',
  subcommands: [modelsPlanCommand, modelsSyncCommand],
};
