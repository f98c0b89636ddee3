import { runCheck, type CheckInput } from '../../check/engine.ts';
import { readCheckInput, readNodes } from '../../check/read.ts';
import { platformCheckInput } from '../../check/platform.ts';
import { rebase, repositoryRoot } from '../../check/tree-root.ts';
import { RULES } from '../../check/registry.ts';
import { loadSchemas } from '../../k8s/validate.ts';
import type { CommandDef, GlobalOptions, Io } from '../command.ts';
import { printReport } from '../report.ts';

/**
 * The objects and nodes of `shai check PATH... [--nodes FILE]`. File names are relative to the repository
 * root the tree's Applications read from, so the check says the same from any working directory.
 */
export async function pathCheckInput(
  paths: string[],
  nodesFile: string | undefined,
  cwd: string,
): Promise<CheckInput> {
  const { objects: read, problems } = await readCheckInput(paths, cwd);
  const objects = rebase(read, cwd, repositoryRoot(read, cwd));
  if (!nodesFile) return { objects, problems };
  return { objects, problems, nodes: await readNodes(nodesFile, cwd) };
}

/** The objects of `shai check` without PATH: the platform of platform.yaml, built in memory, and its nodes. */
export async function platformInput(opts: GlobalOptions, io: Io): Promise<CheckInput> {
  // Imported here, not at the top: `shai check PATH` needs neither the config schema nor the services.
  const [{ loadPlatform }, { buildManifest }, { platformCheckInput }] = await Promise.all([
    import('../platform.ts'),
    import('../../render/tree.ts'),
    import('../../check/platform.ts'),
  ]);
  const { config, plan } = await loadPlatform(opts, io);
  // Planned secrets stand in for the sealed files render keeps, so their Applications read those folders.
  const sealed = new Set(plan.secrets.map((s) => s.service));
  return platformCheckInput(config, plan, buildManifest(plan, sealed).manifest);
}

/** `shai check [PATH...] [--nodes FILE] [--rule ID...]`: runs every rule and prints the report. */
export const checkCommand: CommandDef = {
  name: 'check',
  summary: 'prove the platform, or any Kubernetes YAML, before it reaches the cluster',
  failOn: true,
  configure(cmd) {
    cmd.argument(
      '[paths...]',
      'files or directories of Kubernetes YAML (default: the platform of platform.yaml)',
    );
    cmd.option(
      '--nodes <file>',
      'node inventory: the output of kubectl get nodes -o yaml (rules that need nodes are skipped without it)',
    );
    // Not variadic: `--rule a b.yaml` must keep b.yaml as a path. Repeat the option or separate ids with commas.
    cmd.option(
      '--rule <id>',
      'run only this rule (repeat, or separate ids with commas; ids in docs/rules.md)',
      (value: string, previous: string[] | undefined) => [
        ...(previous ?? []),
        ...value
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      ],
    );
  },
  async run(args, opts, io) {
    const input = args.length
      ? await pathCheckInput(args, opts.nodes as string | undefined, io.cwd)
      : await platformInput(opts, io);
    await loadSchemas(input.objects.map((o) => o.object)); // schema-valid reads them synchronously
    const only = Array.isArray(opts.rule) ? (opts.rule as string[]) : undefined;
    const report = runCheck(input, RULES, {
      ...(only ? { only } : {}),
      subject: args.length ? args.join(' ') : opts.config,
    });
    return printReport(report, opts, io);
  },
};
