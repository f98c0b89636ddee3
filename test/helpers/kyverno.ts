/*
 * The real Kyverno CLI (`kyverno apply`, built by .ci/tools.d/20-kyverno.sh) run once over many resources: the
 * ClusterPolicies, PolicyExceptions and resources go into three files, and the policy report it prints (one
 * result per resource and rule) comes back as plain verdicts. No verdict here is computed by shai.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import type { KubeObject } from '../../src/k8s/object.ts';

/** One result of Kyverno's policy report: a rule of a policy on one resource. */
export interface KyvernoResult {
  policy: string;
  rule: string;
  result: 'pass' | 'fail' | 'warn' | 'error' | 'skip';
  message: string;
  kind: string;
  namespace: string;
  name: string;
}

/** What one `kyverno apply` run printed. */
export interface KyvernoRun {
  results: KyvernoResult[];
  /** Everything it printed besides the report (warnings about policies, skipped or invalid policies). */
  diagnostics: string;
  exitCode: number | null;
}

/** The Kyverno version the binary reports (`kyverno version`), e.g. `v1.19.0`. */
export function kyvernoVersion(bin: string): string {
  const r = spawnSync(bin, ['version'], { encoding: 'utf8' });
  const m = /Version:\s*(\S+)/.exec(r.stdout);
  if (!m) throw new Error(`kyverno version printed no version: ${r.stdout}${r.stderr}`);
  return m[1]!;
}

/** Applies `policies` (and `exceptions`) to every resource in one run of the CLI. */
export function kyvernoApply(
  bin: string,
  input: { policies: KubeObject[]; exceptions: KubeObject[]; resources: KubeObject[] },
): KyvernoRun {
  const dir = mkdtempSync(join(tmpdir(), 'shai-kyverno-'));
  try {
    const file = (name: string, objects: KubeObject[]) => {
      const path = join(dir, name);
      writeFileSync(path, objects.map((o) => dump(o, { noRefs: true, lineWidth: -1 })).join('---\n'));
      return path;
    };
    const args = ['apply', file('policies.yaml', input.policies)];
    args.push('--resource', file('resources.yaml', input.resources));
    if (input.exceptions.length) args.push('--exception', file('exceptions.yaml', input.exceptions));
    args.push('--policy-report', '--output-format', 'json', '--remove-color');
    const r = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.error) throw r.error;
    // 0: all passed, 1: some failed; anything else (a panic, a bad flag) is the CLI refusing the whole batch.
    if (r.status !== 0 && r.status !== 1)
      throw new Error(
        `kyverno ${args.join(' ')} exited ${r.status}:\n${(r.stderr || r.stdout).slice(0, 2000)}`,
      );
    const { reports, rest } = splitReports(r.stdout);
    return { results: reports.flatMap(resultsOf), diagnostics: rest + r.stderr, exitCode: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The JSON reports among the lines the CLI printed, and the other lines. */
function splitReports(stdout: string): { reports: Record<string, unknown>[]; rest: string } {
  const reports: Record<string, unknown>[] = [];
  const rest: string[] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith('{')) reports.push(JSON.parse(line) as Record<string, unknown>);
    else if (line.trim() && line.trim() !== '---') rest.push(line);
  }
  return { reports, rest: rest.join('\n') };
}

interface ReportResult {
  policy: string;
  rule: string;
  result: KyvernoResult['result'];
  message?: string;
  resources?: { kind: string; namespace?: string; name: string }[];
  subjects?: { kind: string; namespace?: string; name: string }[];
}

function resultsOf(report: Record<string, unknown>): KyvernoResult[] {
  const results = (report.results ?? []) as ReportResult[];
  return results.flatMap((r) =>
    (r.subjects ?? r.resources ?? []).map((s) => ({
      policy: r.policy,
      rule: r.rule,
      result: r.result,
      message: r.message ?? '',
      kind: s.kind,
      namespace: s.namespace ?? '',
      name: s.name,
    })),
  );
}
