import { resolve } from 'node:path';
import type { Command } from 'commander';
import { proveRestore, runBackup, restoreService, verifyAll, type BackupIo } from '../backup-actions.ts';
import { readBackupState } from '../backup-live.ts';
import { runObjects, scratchNamespace } from '../../backup/objects.ts';
import { restoreCommand } from '../../backup/restore.ts';
import { backupStatus, tooOld } from '../../backup/status.ts';
import { drillLines, probeLines, statusLines } from '../../backup/text.ts';
import { humanMinutes } from '../../config/cron-gap.ts';
import { backupUnits, unitOf } from '../../backup/units.ts';
import { loadKubeConfig } from '../../cluster/read-live.ts';
import { readDumpFiles } from '../../cluster/read-dump.ts';
import { UserError } from '../../errors.ts';
import { kubeApi } from '../../install/api.ts';
import { kubeExec } from '../../kube-exec.ts';
import { toYaml } from '../../k8s/yaml.ts';
import type { CommandDef, GlobalOptions, Io } from '../command.ts';
import { loadPlatform, platformTreeDir, readConfigSource } from '../platform.ts';
import { promoteDatabase } from '../backup-promote-database.ts';
import { promoteVolumes } from '../backup-promote.ts';
import { plan as makePlan } from '../../plan/plan.ts';
import { registry } from '../../services/registry.ts';

type Opts = GlobalOptions & Record<string, unknown>;

/** `90m`, `26h`, `2d`, `1w` as minutes. */
export function parseDuration(flag: string, text: string): number {
  const m = /^(\d+)(m|h|d|w)$/.exec(text.trim());
  if (!m) throw new UserError(`${flag}: expected a duration such as 90m, 26h, 2d or 1w, got "${text}"`);
  return Number(m[1]) * { m: 1, h: 60, d: 1440, w: 10080 }[m[2] as 'm' | 'h' | 'd' | 'w'];
}

/**
 * `--at`: an RFC 3339 time with seconds and its offset. CloudNativePG's webhook takes it as
 * recoveryTarget.targetTime and the operator converts exactly this form to PostgreSQL's (machinery v0.3.3
 * pkg/postgres/time ConvertToPostgresFormat); a time without seconds, or `+0200`, its webhook refuses, and a time
 * without an offset PostgreSQL would read in the server's zone.
 */
export function parseAt(text: string): string {
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(text) ||
    Number.isNaN(Date.parse(text))
  )
    throw new UserError(`--at: expected a time with its offset such as 2026-12-03T14:30:00Z, got "${text}"`);
  return text;
}

const cluster = (c: Command) =>
  c
    .option('--kubeconfig <file>', 'kubeconfig to use (default: KUBECONFIG, ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to use');

/** The cluster edges of `shai backup`; its progress lines go to stderr when stdout carries a JSON document. */
function liveIo(o: Opts, io: Io): BackupIo {
  const kc = loadKubeConfig({
    kubeconfig: o.kubeconfig as string | undefined,
    context: o.context as string | undefined,
  });
  return {
    api: kubeApi(kc),
    exec: kubeExec(kc),
    now: () => io.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    print: (line) => (o.format === 'json' ? io.stderr(`${line}\n`) : io.stdout(`${line}\n`)),
  };
}

function sub(
  name: string,
  summary: string,
  configure: (c: Command) => void,
  run: (o: Opts, io: Io) => Promise<number>,
  formats?: readonly string[],
): CommandDef {
  return {
    name,
    summary,
    configure,
    run: async (_a, o, io) => ({ exitCode: await run(o, io) }),
    ...(formats ? { formats } : {}),
  };
}

/** `--format json`: the report as one JSON document, for cron jobs and CI. */
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** `shai backup ...`: status, on-demand backups, restores into scratch namespaces and restore drills. */
export const backupCommand: CommandDef = {
  name: 'backup',
  summary: 'backup status per service, on-demand backups, restores and restore drills',
  subcommands: [
    sub(
      'status',
      'per service: last good backup, age against the schedule, size, where (exits 1 past --max-age)',
      (c) =>
        cluster(c)
          .option('--from <paths...>', 'read a dump (files or a directory) instead of the live cluster')
          .option('--max-age <duration>', 'exit 1 when a backup is older (or missing), e.g. 26h or 2d'),
      async (o, io) => {
        // A bad --max-age is refused before the cluster is read or anything printed.
        const max = o.maxAge === undefined ? undefined : parseDuration('--max-age', String(o.maxAge));
        const { plan } = await loadPlatform(o, io);
        const units = backupUnits(plan);
        const from = o.from as string[] | undefined;
        const state = from?.length
          ? await readDumpFiles(from.map((p) => resolve(io.cwd, p)))
          : await readBackupState(liveIo(o, io).api);
        const rows = backupStatus(units, state, io.now().getTime());
        const old = max === undefined ? [] : tooOld(rows, max);
        if (o.format === 'json')
          io.stdout(
            json({
              backups: rows,
              ...(max === undefined
                ? {}
                : { maxAgeMinutes: max, tooOld: old.map((r) => ({ service: r.service, method: r.method })) }),
            }),
          );
        else for (const line of statusLines(rows)) io.stdout(`${line}\n`);
        if (max === undefined) return 0;
        for (const r of old)
          io.stderr(
            `${r.service} (${r.method}): ${r.ageMinutes === undefined ? 'no good backup' : `last good backup ${humanMinutes(r.ageMinutes)} old`}, more than --max-age ${humanMinutes(max)}\n`,
          );
        return old.length ? 1 : 0;
      },
      ['text', 'json'],
    ),
    sub(
      'run',
      'an on-demand backup of one service now (its database through CloudNativePG, its volumes through Velero)',
      (c) =>
        cluster(c)
          .requiredOption('--service <name>', 'the service to back up')
          .option('--dry-run', 'print the objects instead of creating them'),
      async (o, io) => {
        const { plan } = await loadPlatform(o, io);
        const unit = unitOf(plan, String(o.service));
        if (o.dryRun) {
          io.stdout(toYaml(runObjects(plan, unit, io.now())));
          return 0;
        }
        await runBackup(plan, unit, liveIo(o, io), false);
        return 0;
      },
    ),
    sub(
      'restore',
      'restore one service into a scratch namespace (default shai-restore-<service>), to a point in time with --at; --promote swaps a proven restore in',
      (c) =>
        cluster(c)
          .requiredOption('--service <name>', 'the service to restore')
          .option(
            '--at <time>',
            'PostgreSQL point in time (RFC 3339, e.g. 2026-12-03T14:30:00Z); volumes: the last backup before it',
          )
          .option('--to-namespace <ns>', 'the namespace to restore into (default: shai-restore-<service>)')
          .option(
            '--probe',
            'wait until the restore is up (within --timeout) and run its probes in the restored pods; exit 1 unless every probe passes',
          )
          .option(
            '--promote',
            'swap the restore in --to-namespace (completed, probes passed) into the service: its database as the next generation in platform.yaml and deploy/ (commit and push), its volumes restored in place with Argo CD paused',
          )
          .option(
            '--timeout <duration>',
            'with --probe: how long the restore may take to come up and pass its probes; with --promote: how long the in-place volume restore may take',
            '30m',
          )
          .option(
            '--dry-run',
            'ask the API server to validate the objects without creating them; with --promote, print the steps and change nothing',
          ),
      async (o, io) => {
        const timeoutMs = parseDuration('--timeout', String(o.timeout)) * 60_000;
        const { config, text } = await readConfigSource(o, io);
        const plan = makePlan(config, registry);
        const unit = unitOf(plan, String(o.service));
        const at = o.at === undefined ? undefined : parseAt(String(o.at));
        const namespace = (o.toNamespace as string | undefined) ?? scratchNamespace(unit.service);
        const dryRun = Boolean(o.dryRun);
        if (o.probe && o.promote)
          throw new UserError(
            '--probe and --promote: prove the restore first (--probe), then promote it in a second run',
          );
        if (!o.promote) {
          const bio = liveIo(o, io);
          const probe = Boolean(o.probe) && !dryRun;
          const objects = await restoreService(plan, unit, bio, {
            namespace,
            ...(at ? { at } : {}),
            dryRun,
            quiet: probe,
          });
          if (!probe) return 0;
          io.stdout(`waiting for ${unit.service} in ${namespace} to come up, then running its probes\n`);
          const proven = await proveRestore(bio, unit, namespace, objects, timeoutMs);
          for (const line of probeLines(unit.service, proven.probes ?? [])) io.stdout(`${line}\n`);
          if (!proven.ok) {
            if (!proven.probes)
              io.stderr(`${unit.service}: the restore in ${namespace} is not up: ${proven.detail}\n`);
            return 1;
          }
          io.stdout(
            `${unit.service}: restored into ${namespace} and proved in ${proven.seconds} s; swap it in with: ${restoreCommand(unit.service, namespace, at)} --promote\n`,
          );
          return 0;
        }
        if (namespace === unit.namespace)
          throw new UserError(
            `--to-namespace ${namespace}: that is where ${unit.service} runs; --promote takes the scratch namespace the proven restore is in`,
          );
        const bio = liveIo(o, io);
        if (unit.database) {
          const files = {
            name: o.config,
            path: resolve(io.cwd, o.config),
            text,
            config,
            treeRoot: await platformTreeDir(o, io, text, config.gitops.path),
            cwd: io.cwd,
          };
          await promoteDatabase(plan, unit, bio, files, {
            scratchNamespace: namespace,
            ...(at ? { at } : {}),
            dryRun,
          });
        }
        if (unit.volumes.length)
          await promoteVolumes(plan, unit, bio, { dryRun, scratchNamespace: namespace, timeoutMs });
        return 0;
      },
    ),
    sub(
      'verify',
      'restore drill: every service restored into shai-verify-<service> and proved by its probes in the restored pods, with the RPO achieved and the time to restore',
      (c) =>
        cluster(c)
          .option('--service <names...>', 'only these services')
          .option(
            '--timeout <duration>',
            'how long each restore may take to come up and pass its probes',
            '30m',
          )
          .option('--dry-run', 'validate the restore objects on the API server without creating them'),
      async (o, io) => {
        // A bad --timeout is refused before the cluster is read.
        const timeoutMs = parseDuration('--timeout', String(o.timeout)) * 60_000;
        const { plan } = await loadPlatform(o, io);
        const names = o.service as string[] | undefined;
        const units = names?.length ? names.map((n) => unitOf(plan, n)) : backupUnits(plan);
        const results = await verifyAll(plan, units, liveIo(o, io), { timeoutMs, dryRun: Boolean(o.dryRun) });
        if (o.format === 'json') io.stdout(json({ drills: results }));
        else for (const line of drillLines(results)) io.stdout(`${line}\n`);
        return results.every((r) => r.ok) ? 0 : 1;
      },
      ['text', 'json'],
    ),
  ],
};
