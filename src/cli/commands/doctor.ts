import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { dumpCommand } from '../../cluster/dump-command.ts';
import { runDoctor, litellmURL, type DoctorOptions } from '../../cluster/doctor.ts';
import { verificationReport } from '../../cluster/report-md.ts';
import type { Explanation } from '../../cluster/explain.ts';
import { scoreLines, type Scores } from '../../cluster/score-text.ts';
import { UserError } from '../../errors.ts';
import type { Plan } from '../../plan/types.ts';
import { formatNames, formatReport } from '../../report/formats/index.ts';
import { shouldColor } from '../../report/formats/text.ts';
import { atOrAbove, type Report, type Severity } from '../../report/types.ts';
import type { CommandDef, GlobalOptions, Io } from '../command.ts';
import { loadPlatform } from '../platform.ts';
import { packageInfo } from '../package-info.ts';

/** The plan of platform.yaml, for intent (what should run) and probes (which hosts to call). */
export async function loadPlan(opts: GlobalOptions, io: Io): Promise<Plan> {
  return (await loadPlatform(opts, io)).plan;
}

/** `shai doctor [--from FILE...] [--probe] [--explain]`: diagnose the live platform and explain every failure. */
export const doctorCommand: CommandDef = {
  name: 'doctor',
  summary: 'diagnose the running cluster: root cause and fix of every failure, scores per area',
  failOn: true,
  formats: formatNames,
  configure(cmd) {
    cmd.option(
      '--from <paths...>',
      'read a dump (files or a directory) instead of the live cluster; see --dump-command',
    );
    cmd.option('--dump-command', 'print the kubectl commands that write a dump for --from, and exit');
    cmd.option('--kubeconfig <file>', 'kubeconfig to use (default: KUBECONFIG, ~/.kube/config, in-cluster)');
    cmd.option('--context <name>', 'kubeconfig context to use');
    cmd.option(
      '--probe',
      'call each exposed host health endpoint and check latency budgets (API < 500 ms, UI < 2 s)',
    );
    cmd.option(
      '--prometheus <url>',
      'with --probe: Prometheus base URL to read firing alerts and down targets from (e.g. a port-forward)',
    );
    cmd.option(
      '--n8n <url>',
      "with --probe: n8n's base URL for failed executions of the last day (in a pod: its Service; needs SHAI_N8N_API_KEY)",
    );
    cmd.option(
      '--comfyui <url>',
      "with --probe: ComfyUI's base URL for failed prompts and a stuck queue (in a pod: its Service)",
    );
    cmd.option('--explain', 'send the findings, object names anonymised, to an LLM and add its explanation');
    cmd.option(
      '--explain-url <url>',
      'OpenAI-compatible base URL (default: the platform LiteLLM, https://llm.<domain>/v1)',
    );
    cmd.option('--explain-model <name>', 'model for --explain (default: the first model of platform.yaml)');
    cmd.option(
      '--output <file>',
      'write the report to a file instead of stdout (e.g. --format md --output VERIFICATION_REPORT.md)',
    );
  },
  async run(_args, opts, io) {
    if (opts.dumpCommand) {
      io.stdout(dumpCommand());
      return { exitCode: 0 };
    }
    const options: DoctorOptions = {
      // Paths stay as typed (they name the dump in messages) unless the command runs in another directory.
      from: (opts.from as string[] | undefined)?.map((p) =>
        resolve(io.cwd, p) === resolve(p) ? p : resolve(io.cwd, p),
      ),
      kubeconfig: opts.kubeconfig as string | undefined,
      context: opts.context as string | undefined,
      probe: Boolean(opts.probe),
      prometheus: opts.prometheus as string | undefined,
      // Set in every pod by the kubelet: doctor then probes Services directly.
      inCluster: Boolean(io.env.KUBERNETES_SERVICE_HOST),
      workflows: {
        n8n: opts.n8n as string | undefined,
        comfyui: opts.comfyui as string | undefined,
        n8nApiKey: io.env.SHAI_N8N_API_KEY,
      },
    };
    if (existsSync(resolve(io.cwd, opts.config))) {
      try {
        options.plan = await loadPlan(opts, io);
      } catch (err) {
        // A broken platform.yaml must not stop the diagnosis of a cluster that is down: report it, go on.
        if (!(err instanceof UserError)) throw err;
        const lines = err.message.split('\n');
        const more = lines.length > 1 ? ` (and ${lines.length - 1} more)` : '';
        options.planUnavailable = `intent not checked: ${lines[0]}${more}`;
      }
    }
    if (opts.explain) {
      const baseURL = (opts.explainUrl as string | undefined) ?? litellmURL(options.plan);
      const model = (opts.explainModel as string | undefined) ?? options.plan?.models[0]?.alias;
      if (!baseURL)
        throw new UserError(
          '--explain needs --explain-url: platform.yaml exposes no LiteLLM host to default to',
        );
      if (!model)
        throw new UserError('--explain needs --explain-model: platform.yaml has no model to default to');
      options.explain = {
        baseURL,
        model,
        apiKey: io.env.SHAI_LLM_API_KEY ?? io.env.OPENAI_API_KEY ?? 'none',
      };
    }
    const report = await runDoctor(options, { fetch, now: () => performance.now() });
    const text = render(report, opts, io);
    if (opts.output) await writeFile(resolve(io.cwd, opts.output as string), text);
    else io.stdout(text);
    const failed = report.extra?.explanationFailed as string | undefined;
    if (failed) io.stderr(`${failed} (the report is complete without the explanation)\n`);
    return { exitCode: doctorExitCode(report, opts.failOn) };
  },
};

/** Exit code of `shai doctor` when the cluster could not be read well enough to judge it (see README). */
export const EXIT_UNKNOWN = 4;

/** 1 when something failed at or above --fail-on; else 4 when an area could not be judged; else 0. */
export function doctorExitCode(report: Report, failOn: Severity): number {
  if (report.findings.some((f) => atOrAbove(f, failOn))) return 1;
  const scores = report.extra?.scores as Scores | undefined;
  return scores?.unknown.length ? EXIT_UNKNOWN : 0;
}

/** md is the VERIFICATION_REPORT.md; text gets the scores and the explanation below the table; the rest is generic. */
function render(report: Report, opts: GlobalOptions & Record<string, unknown>, io: Io): string {
  if (opts.format === 'md') return verificationReport(report, io.now());
  const { version, homepage } = packageInfo();
  const color = shouldColor(io.isTTY, io.env, opts.color);
  const out = formatReport(report, opts.format, { color, version, ...(homepage ? { homepage } : {}) });
  if (opts.format !== 'text') return out;
  const scores = report.extra?.scores as Scores | undefined;
  const lines = [out.trimEnd()];
  if (scores) lines.push(...scoreLines(scores));
  const failed = report.extra?.explanationFailed as string | undefined;
  if (failed) lines.push('', `LLM explanation: not available (${failed})`);
  const ex = report.extra?.explanation as Explanation | undefined;
  if (ex)
    lines.push(
      '',
      `LLM explanation (written by ${ex.model}, may be wrong; the findings above are shai's own):`,
      ex.text,
    );
  return `${lines.join('\n')}\n`;
}
