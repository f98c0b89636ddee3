import { runCheck, type CheckInput } from '../../check/engine.ts';
import { readCheckInput, readNodes } from '../../check/read.ts';
import { PLATFORM_RULES, SEAL_STEPS, withPlatformFindings } from '../../check/platform-findings.ts';
import { rebase, repositoryRoot } from '../../check/tree-root.ts';
import { RULES } from '../../check/registry.ts';
import { loadSchemas } from '../../k8s/validate.ts';
import type { Report } from '../../report/types.ts';
import type { CommandDef, GlobalOptions, Io, Result } from '../command.ts';
import type { PlatformTreeCheck } from '../platform-tree.ts';
import { printReport } from '../report.ts';
import { formatNames } from '../../report/formats/index.ts';

/**
 * The objects and nodes of `shai check PATH... [--nodes FILE]`. File names are relative to the repository
 * root the tree's Applications read from, so the check says the same from any working directory.
 */
export async function pathCheckInput(
  paths: string[],
  nodesFile: string | undefined,
  cwd: string,
): Promise<CheckInput> {
  const read = await readCheckInput(paths, cwd);
  // Documents not understood are named like the objects beside them, from the same root.
  const root = repositoryRoot(read.objects, cwd);
  const objects = rebase(read.objects, cwd, root);
  const problems = rebase(read.problems, cwd, root);
  if (!nodesFile) return { objects, problems };
  return { objects, problems, nodes: await readNodes(nodesFile, cwd) };
}

/** `shai check [PATH...] [--nodes FILE] [--rule ID...]`: runs every rule and prints the report. */
export const checkCommand: CommandDef = {
  name: 'check',
  summary: 'prove the platform, or any Kubernetes YAML, before it reaches the cluster',
  failOn: true,
  formats: formatNames,
  configure(cmd) {
    cmd.argument(
      '[paths...]',
      'files or directories of Kubernetes YAML (default: the platform tree, gitops.path of platform.yaml)',
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
    const only = Array.isArray(opts.rule) ? (opts.rule as string[]) : undefined;
    // Imported here, not at the top: `shai check PATH` of plain YAML needs neither the config schema nor the services.
    const platform = () => import('../platform-tree.ts');
    const tree = args.length === 0 ? 0 : await (await platform()).platformTreePath(args, opts, io);
    if (tree >= 0)
      return checkPlatform(
        opts,
        io,
        only,
        args.filter((_, i) => i !== tree),
      );
    const input = await pathCheckInput(args, opts.nodes as string | undefined, io.cwd);
    await loadSchemas(input.objects.map((o) => o.object)); // schema-valid reads them synchronously
    const report = runCheck(input, RULES, { ...(only ? { only } : {}), subject: args.join(' ') });
    return printReport(report, opts, io);
  },
};

/**
 * `shai check` and `shai check <gitops.path> [PATH...]`: one check of the tree on disk (with the objects of the
 * other PATHs), the same report either way, ending (in text) with the next step towards a running platform.
 */
async function checkPlatform(
  opts: GlobalOptions & Record<string, unknown>,
  io: Io,
  only: string[] | undefined,
  extra: string[],
): Promise<Result> {
  const { platformTreeCheck } = await import('../platform-tree.ts');
  const tree = await platformTreeCheck(opts, io, extra);
  // A real inventory (kubectl get nodes) beats the nodes platform.yaml describes.
  if (opts.nodes) tree.input.nodes = await readNodes(opts.nodes as string, io.cwd);
  await loadSchemas(tree.input.objects.map((o) => o.object));
  const platformIds = new Set(PLATFORM_RULES.map((r) => r.id));
  const ruleIds = only?.filter((id) => !platformIds.has(id));
  const subject = [`${tree.treeDir} (the tree of ${opts.config})`, ...extra].join(' ');
  const report = withPlatformFindings(
    only && ruleIds!.length === 0
      ? runCheck(tree.input, [], { subject })
      : runCheck(tree.input, RULES, { ...(ruleIds ? { only: ruleIds } : {}), subject }),
    tree.findings.filter((f) => !only || only.includes(f.rule)),
  );
  const result = printReport(report, opts, io);
  if (opts.format === 'text') io.stdout(`\n${nextStep(report, tree)}\n`);
  return result;
}

/** The one thing a new user does next, read from the report: render, seal, fix, or commit and sync. */
function nextStep(report: Report, tree: PlatformTreeCheck): string {
  const failing = (rule: string) => report.findings.some((f) => f.rule === rule && f.status === 'fail');
  if (failing('tree-up-to-date')) return 'next: shai render, then shai check again.';
  if (report.findings.some((f) => f.status === 'fail' && f.severity === 'error'))
    return 'next: fix the failures above (each says where and how), then shai render and shai check again.';
  if (tree.unsealed.length)
    return `next: the secrets. ${SEAL_STEPS.replace(/`/g, '')} Until then Argo CD would sync workloads whose secrets do not exist.`;
  return `next: commit and push ${tree.treeDir}/; Argo CD syncs it from gitops.repoURL. Then shai doctor diagnoses the running cluster.`;
}
