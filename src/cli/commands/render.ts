import { dirname, resolve } from 'node:path';
import { loadConfig } from '../../config/load.ts';
import { plan as makePlan } from '../../plan/plan.ts';
import { renderTree } from '../../render/tree.ts';
import { diffTrees, readTree, writeTree } from '../../render/write.ts';
import { sealedSecretPath } from '../../secrets/paths.ts';
import { registry } from '../../services/registry.ts';
import type { CommandDef } from '../command.ts';

/** `shai render [--check]`: writes the deploy/ tree, or compares it with the committed one. */
export const renderCommand: CommandDef = {
  name: 'render',
  summary: 'render the GitOps tree (deploy/) that Argo CD syncs',
  configure(cmd) {
    cmd.option('--check', 'render in memory and fail listing every file that differs from the tree on disk');
    cmd.option('--out <dir>', 'write to this directory instead of the gitops.path of platform.yaml');
  },
  async run(_args, opts, io) {
    const configFile = resolve(io.cwd, opts.config);
    const config = await loadConfig(configFile, registry);
    const plan = makePlan(config, registry);
    const root = opts.out
      ? resolve(io.cwd, String(opts.out))
      : resolve(dirname(configFile), config.gitops.path);
    const current = await readTree(root);
    // Sealed secrets are written by `shai secrets seal`; render keeps those of secrets still planned.
    const planned = new Set(plan.secrets.map(sealedSecretPath));
    const keep = new Map([...current].filter(([p]) => planned.has(p)));
    const tree = await renderTree(plan, keep);
    if (opts.check) {
      const diffs = diffTrees(tree.files, current);
      if (!diffs.length) {
        io.stdout(`${root}: up to date (${tree.files.size} files)\n`);
        return { exitCode: 0 };
      }
      io.stdout(
        `${root} is stale; run shai render:\n${diffs.map((d) => `  ${d.change.padEnd(8)} ${d.path}`).join('\n')}\n`,
      );
      return { exitCode: 1 };
    }
    await writeTree(root, tree.files);
    const withChart = tree.charts.size;
    io.stdout(
      `rendered ${plan.services.length} services (${withChart} from pinned charts) into ${root}: ` +
        `${tree.manifest.length} objects in ${tree.files.size} files\n`,
    );
    return { exitCode: 0 };
  },
};
