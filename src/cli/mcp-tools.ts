import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { runDoctor } from '../cluster/doctor.ts';
import { tool, type ToolDef } from '../mcp/tool.ts';
import { RagQueryInput } from '../rag/inputs.ts';
import { reportToJson } from '../report/formats/json.ts';
import type { CommandDef, GlobalOptions, Io } from './command.ts';
import { checkCommand } from './commands/check.ts';
import { modelsCommand } from './commands/models.ts';
import { planCommand } from './commands/plan.ts';
import { ragCommand } from './commands/rag.ts';
import { secretsCommand } from './commands/secrets.ts';
import { loadPlatform } from './platform.ts';
import type { RagFlags } from './rag-target.ts';

/** `shai check`'s input as an MCP tool takes it. */
export const CheckToolInput = z.object({
  paths: z
    .array(z.string().min(1))
    .default([])
    .describe('files or directories of Kubernetes YAML; none: the platform of platform.yaml'),
  rules: z.array(z.string().min(1)).optional().describe('only these rule ids (docs/rules.md)'),
});

/** `shai doctor`'s input as an MCP tool takes it. */
export const DoctorToolInput = z.object({
  from: z
    .array(z.string().min(1))
    .optional()
    .describe('dump files or directories (kubectl get -o json); none: the live cluster of the kubeconfig'),
});

/** `shai models plan`'s input. */
export const ModelsPlanToolInput = z.object({
  reserve: z.enum(['declared', 'none']).default('declared').describe('VRAM left to the other GPU services'),
});

/** `shai secrets status`'s input. */
export const SecretsStatusToolInput = z.object({
  maxAge: z
    .string()
    .regex(/^\d+[dw]$/)
    .default('30d')
    .describe('rotation period, e.g. 30d or 4w'),
  treeOnly: z.boolean().default(false).describe('only what the tree proves (no secret store)'),
});

const sub = (def: CommandDef, name: string) => def.subcommands!.find((s) => s.name === name)!;

/** Runs a CLI command in-process with JSON output, returning what it printed (a tool answer). */
async function runJson(
  def: CommandDef,
  args: string[],
  opts: Record<string, unknown>,
  base: GlobalOptions,
  io: Io,
): Promise<{ text: string; isError: boolean }> {
  let out = '';
  let err = '';
  const captured: Io = {
    ...io,
    isTTY: false,
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
  };
  const { exitCode } = await def.run!(args, { ...base, format: 'json', color: false, ...opts }, captured);
  // Exit 1 means findings: an answer, not a failure of the tool.
  return { text: out || err, isError: exitCode > 1 };
}

/** Everything `shai mcp` needs from the command line it was started with. */
export interface ToolContext {
  base: GlobalOptions;
  io: Io;
  rag: RagFlags;
}

/** shai's read-only tools, each the CLI command of the same name with JSON output. */
export function shaiTools(ctx: ToolContext): ToolDef[] {
  const { base, io } = ctx;
  return [
    tool({
      name: 'plan',
      title: 'Platform plan',
      description:
        'What platform.yaml runs: services, namespaces, hosts, secrets (names), SSO clients, network flows, models.',
      input: z.object({}),
      run: () => runJson(planCommand, [], {}, base, io),
    }),
    tool({
      name: 'check',
      title: 'Check Kubernetes YAML',
      description:
        "Runs shai's offline rules on files or directories of Kubernetes YAML (or the platform); returns the report.",
      input: CheckToolInput,
      run: (i) => runJson(checkCommand, i.paths, i.rules ? { rule: i.rules } : {}, base, io),
    }),
    tool({
      name: 'doctor',
      title: 'Diagnose the cluster',
      description:
        'Diagnoses a cluster dump or the live cluster. Object names, namespaces and hosts are replaced by placeholders (pod-1, namespace-2), as doctor --explain sends them.',
      input: DoctorToolInput,
      run: async (i) => {
        const plan = existsSync(resolve(io.cwd, base.config))
          ? (await loadPlatform(base, io)).plan
          : undefined;
        const report = await runDoctor(
          {
            ...(i.from ? { from: i.from.map((p) => resolve(io.cwd, p)) } : {}),
            ...(plan ? { plan } : {}),
            anonymise: true,
          },
          { fetch, now: () => performance.now() },
        );
        const findings = report.findings.filter((f) => f.status !== 'pass');
        const json = reportToJson({ ...report, findings, subject: 'cluster' }) as Record<string, unknown>;
        return { text: `${JSON.stringify({ ...json, extra: { scores: report.extra?.scores } }, null, 2)}\n` };
      },
    }),
    tool({
      name: 'models_plan',
      title: 'Model placement',
      description: 'Whether each model of platform.yaml fits its GPU or CPU node, with the memory estimate.',
      input: ModelsPlanToolInput,
      run: (i) => runJson(sub(modelsCommand, 'plan'), [], { reserve: i.reserve }, base, io),
    }),
    tool({
      name: 'secrets_status',
      title: 'Secrets status',
      description: 'Which secrets exist, are sealed, old or unused: names and ages only, never values.',
      input: SecretsStatusToolInput,
      run: (i) =>
        runJson(sub(secretsCommand, 'status'), [], { maxAge: i.maxAge, treeOnly: i.treeOnly }, base, io),
    }),
    tool({
      name: 'rag_query',
      title: 'Search documents',
      description:
        'The chunks of a shai rag collection nearest to a question, with their sources and scores.',
      input: RagQueryInput,
      run: (i) =>
        runJson(
          sub(ragCommand, 'query'),
          [i.question],
          { ...ctx.rag, collection: i.collection, k: i.k },
          base,
          io,
        ),
    }),
  ];
}
