import type { PlannedSecret } from '../plan/types.ts';
import { makeReport, type Finding, type Report, type RuleInfo } from '../report/types.ts';

/** One difference between the tree on disk and what render writes now. */
export interface TreeChange {
  path: string;
  change: 'added' | 'removed' | 'changed';
}

/** The steps that make a freshly rendered platform deployable: secrets exist only once sealed. */
export const SEAL_STEPS =
  'Run `shai secrets generate`, then `shai secrets seal` (with --cert FILE, the Sealed Secrets controller certificate, or a kubeconfig of the running cluster), then `shai render`, and commit deploy/.';

/**
 * What `shai check` says about a platform's tree as a whole, besides its rules. Listed here so formats
 * (SARIF) describe them like rules and docs/rules.md documents them.
 */
export const PLATFORM_RULES: readonly (RuleInfo & { docs: string })[] = [
  {
    id: 'secrets-sealed',
    title: 'Every secret the platform needs is sealed in the tree',
    severity: 'warning',
    fix: SEAL_STEPS,
    docs:
      'Platform mode only. Lists, in one finding, the secrets the plan needs that have no SealedSecret in the tree: their workloads ' +
      'would not start (CreateContainerConfigError) once Argo CD syncs it. A warning, not an error: the platform is right, the ' +
      'secrets are a step only its owner can take (sealing needs the cluster controller certificate), and `--fail-on warning` ' +
      'makes it a gate. References to these secrets are checked against the planned keys, so they are not reported again one by one.',
  },
  {
    id: 'tree-up-to-date',
    title: 'The tree is the render of platform.yaml',
    severity: 'error',
    fix: 'Run `shai render` and commit deploy/: Argo CD syncs the files on disk, not platform.yaml.',
    docs:
      'Platform mode only. The tree on disk is what Argo CD syncs and what the check judges; when it differs from what `shai render` ' +
      'writes now (platform.yaml or shai changed since), the findings are about a tree that is not the one platform.yaml describes.',
  },
];

const rule = (id: string) => PLATFORM_RULES.find((r) => r.id === id)!;

/** The finding of platform rule `id` about the whole tree: a failure saying `failure`, or a pass saying `passed`. */
function treeFinding(id: string, treeDir: string, failure: string | undefined, passed: string): Finding {
  const r = rule(id);
  return {
    rule: r.id,
    severity: r.severity,
    status: failure === undefined ? 'pass' : 'fail',
    target: { kind: 'Tree', name: treeDir, file: treeDir },
    message: failure ?? passed,
    ...(failure === undefined ? {} : { fix: r.fix! }),
  };
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The one finding about planned secrets missing from the tree, or a pass when none is missing. */
export function unsealedFinding(unsealed: readonly PlannedSecret[], treeDir: string): Finding {
  const names = unsealed.map((s) => `${s.namespace}/${s.name}`).sort();
  const failure = names.length
    ? `the tree is not deployable yet: ${count(names.length, 'secret')} the platform needs ${names.length === 1 ? 'is' : 'are'} not sealed in ${treeDir}: ${names.join(', ')}`
    : undefined;
  return treeFinding('secrets-sealed', treeDir, failure, 'every planned secret is sealed');
}

/** The one finding about a tree that is not what render writes now, naming the files that differ. */
export function staleFinding(changes: readonly TreeChange[], treeDir: string): Finding {
  const shown = changes.slice(0, 10).map((c) => `${c.change} ${c.path}`);
  const more = changes.length > shown.length ? `, and ${changes.length - shown.length} more` : '';
  const failure = changes.length
    ? `${treeDir} is not the render of platform.yaml: ${count(changes.length, 'file')} would change (${shown.join(', ')}${more})`
    : undefined;
  return treeFinding('tree-up-to-date', treeDir, failure, 'the tree is the render of platform.yaml');
}

/** The report with the platform findings added: failures listed, passes counted like any rule's. */
export function withPlatformFindings(report: Report, findings: readonly Finding[]): Report {
  const listed = findings.filter((f) => f.status !== 'pass');
  const passes = findings.length - listed.length;
  const rules = [...report.rules, ...PLATFORM_RULES].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out = makeReport(report.tool, report.subject, [...listed, ...report.findings], rules, report.extra);
  out.counts.pass = report.counts.pass + passes;
  return out;
}
