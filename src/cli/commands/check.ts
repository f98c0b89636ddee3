import { runCheck, type CheckInput } from '../../check/engine.ts';
import { readNodes, readObjects } from '../../check/read.ts';
import { RULES } from '../../check/registry.ts';
import { UserError } from '../../errors.ts';
import { loadSchemas } from '../../k8s/validate.ts';
import type { CommandDef, GlobalOptions, Io } from '../command.ts';
import { printReport } from '../report.ts';

/** The objects and nodes of `shai check PATH... [--nodes FILE]`. */
export async function pathCheckInput(
  paths: string[],
  nodesFile: string | undefined,
  cwd: string,
): Promise<CheckInput> {
  const objects = await readObjects(paths, cwd);
  if (!nodesFile) return { objects };
  return { objects, nodes: await readNodes(nodesFile, cwd) };
}

/**
 * The objects of `shai check` without PATH: the platform of platform.yaml, rendered in memory.
 * Wiring point for the render step (config → plan → manifest → platformCheckInput in check/platform.ts).
 */
export async function platformInput(_opts: GlobalOptions, _io: Io): Promise<CheckInput> {
  throw new UserError(
    'shai check without PATH (the platform of platform.yaml) is not available yet; pass files or directories: shai check deploy/',
  );
}

/** `shai check [PATH...] [--nodes FILE] [--rule ID...]`: runs every rule and prints the report. */
export const checkCommand: CommandDef = {
  name: 'check',
  summary: 'prove the platform, or any Kubernetes YAML, before it reaches the cluster',
  configure(cmd) {
    cmd.argument(
      '[paths...]',
      'files or directories of Kubernetes YAML (default: the platform of platform.yaml)',
    );
    cmd.option(
      '--nodes <file>',
      'node inventory: the output of kubectl get nodes -o yaml (rules that need nodes are skipped without it)',
    );
    cmd.option('--rule <id...>', 'run only these rules (ids in docs/rules.md)');
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
