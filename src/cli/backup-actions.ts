/*
 * What `shai backup run`, `restore` and `verify` do against the cluster (the CLI's edge): build the objects
 * (backup/objects.ts), apply
 * them with install's server-side apply, and for a drill wait until the operators report the restore done.
 * The API, the clock and the sleep come in, so the tests drive it against a real kube-apiserver.
 */
import { restoreObjects, runObjects } from '../backup/objects.ts';
import {
  probeCommands,
  readiness,
  rpoOf,
  veleroBackupFor,
  type DrillResult,
  type ProbeOutcome,
} from '../backup/restore.ts';
import { backupStatus } from '../backup/status.ts';
import type { BackupUnit } from '../backup/units.ts';
import type { ClusterState } from '../cluster/state.ts';
import { UserError } from '../errors.ts';
import { objectPath, resourceResolver, type KubeApi } from '../install/api.ts';
import { applyAll, objectLabel, type Applied } from '../install/apply.ts';
import type { KubeObject } from '../k8s/object.ts';
import { backupKeysSecret } from '../plan/backup.ts';
import type { Plan } from '../plan/types.ts';
import { IMAGES } from '../services/versions.ts';
import type { PodExec } from '../kube-exec.ts';
import { copySecret, readBackupState } from './backup-live.ts';
import { runProbes } from './backup-probe.ts';

/** The edges the actions touch. */
export interface BackupIo {
  api: KubeApi;
  /** Runs a command in a pod (the restore probes). */
  exec: PodExec;
  now(): Date;
  sleep(ms: number): Promise<void>;
  print(line: string): void;
}

/** Applies objects and prints one line each; throws when the server refused one. */
export async function apply(io: BackupIo, objects: KubeObject[], dryRun: boolean): Promise<Applied[]> {
  const applied = await applyAll(io.api, resourceResolver(io.api), objects, { dryRun });
  for (const a of applied)
    io.print(
      `${dryRun ? '(dry run) ' : ''}${a.outcome} ${objectLabel(a.object)}${a.message ? `: ${a.message}` : ''}`,
    );
  const bad = applied.filter((a) => a.outcome === 'rejected' || a.outcome === 'unserved');
  if (bad.length)
    throw new UserError(
      bad
        .map((a) =>
          a.outcome === 'unserved'
            ? `${objectLabel(a.object)}: the cluster does not serve ${a.object.apiVersion} ${a.object.kind} (is its operator installed?)`
            : `${objectLabel(a.object)}: ${a.message}`,
        )
        .join('\n'),
    );
  return applied;
}

/** `shai backup run --service X`: an on-demand backup now. */
export async function runBackup(
  plan: Plan,
  unit: BackupUnit,
  io: BackupIo,
  dryRun: boolean,
): Promise<KubeObject[]> {
  const objects = runObjects(plan, unit, io.now());
  await apply(io, objects, dryRun);
  return objects;
}

/** What `restore` was asked. */
export interface RestoreOptions {
  namespace: string;
  at?: string;
  dryRun: boolean;
  /** Print the probes for the user to run (restore), or not (the callers that run them). */
  quiet?: boolean;
}

/**
 * `shai backup restore --service X`: the restore objects applied into the target namespace (the archive's S3
 * keys copied there first). Never into the service's own namespace: the restored copy stands beside the running
 * service until someone swaps it in.
 */
export async function restoreService(
  plan: Plan,
  unit: BackupUnit,
  io: BackupIo,
  opts: RestoreOptions,
  state?: ClusterState,
): Promise<KubeObject[]> {
  if (opts.namespace === unit.namespace)
    throw new UserError(
      `--to-namespace ${opts.namespace}: that is where ${unit.service} runs; restore into another namespace (the default is a scratch one) and check it first`,
    );
  const current = state ?? (await readBackupState(io.api));
  const veleroBackup = unit.volumes.length ? veleroBackupFor(current, unit.namespace, opts.at) : undefined;
  if (unit.volumes.length && !veleroBackup)
    throw new UserError(
      `${unit.service}: no completed Velero Backup of namespace ${unit.namespace}${opts.at ? ` at or before ${opts.at}` : ''}; shai backup status shows what there is`,
    );
  const objects = restoreObjects(plan, unit, {
    namespace: opts.namespace,
    ...(opts.at ? { at: opts.at } : {}),
    ...(veleroBackup ? { veleroBackup } : {}),
    postgresImage: IMAGES.postgres,
    now: io.now(),
  });
  const [ns, ...rest] =
    objects[0]?.kind === 'Namespace' ? [objects[0], ...objects.slice(1)] : [undefined, ...objects];
  if (ns) await apply(io, [ns], opts.dryRun);
  if (unit.database && !opts.dryRun)
    await copySecret(io.api, unit.namespace, backupKeysSecret(unit.service), opts.namespace);
  await apply(io, rest as KubeObject[], opts.dryRun);
  if (!opts.quiet) for (const line of probeCommands(unit, opts.namespace)) io.print(line);
  return objects;
}

/** Waits until every restored Cluster and Restore is ready, or `timeoutMs` passes; the seconds it took. */
export async function waitReady(
  io: BackupIo,
  objects: KubeObject[],
  timeoutMs: number,
): Promise<{ seconds?: number; detail?: string }> {
  const resolve = resourceResolver(io.api);
  const start = io.now().getTime();
  const watched = objects.filter((o) => o.kind === 'Cluster' || o.kind === 'Restore');
  for (;;) {
    let pending = 0;
    for (const o of watched) {
      const r = await resolve(o.apiVersion, o.kind);
      const live = r ? await io.api.request('GET', objectPath(o, r)) : undefined;
      const ready = live?.status === 200 ? readiness(live.body) : false;
      if (typeof ready === 'string') return { detail: `${objectLabel(o)}: ${ready}` };
      if (!ready) pending++;
    }
    const elapsed = io.now().getTime() - start;
    if (pending === 0) return { seconds: Math.round(elapsed / 1000) };
    if (elapsed >= timeoutMs) return { detail: `not ready after ${Math.round(timeoutMs / 60_000)} min` };
    await io.sleep(5_000);
  }
}

/** A restore waited for and proved: operators ready, then every probe passed in the restored pods. */
export interface Proven {
  ok: boolean;
  /** Seconds from the start until the last probe passed. */
  seconds?: number;
  probes?: ProbeOutcome[];
  detail?: string;
}

/**
 * Waits until the restored objects are ready, then runs the unit's probes in the restored pods; the whole within
 * `timeoutMs` of now (a probe started before then may finish after).
 */
export async function proveRestore(
  io: BackupIo,
  unit: BackupUnit,
  namespace: string,
  objects: KubeObject[],
  timeoutMs: number,
): Promise<Proven> {
  const start = io.now().getTime();
  const waited = await waitReady(io, objects, timeoutMs);
  if (waited.seconds === undefined) return { ok: false, ...(waited.detail ? { detail: waited.detail } : {}) };
  const probes = await runProbes(io, unit, namespace, start + timeoutMs);
  const failed = probes.filter((p) => !p.ok);
  if (failed.length)
    return { ok: false, probes, detail: failed.map((p) => `${p.what}: ${p.detail}`).join('; ') };
  return { ok: true, seconds: Math.round((io.now().getTime() - start) / 1000), probes };
}

/**
 * `shai backup verify`: a restore drill of every unit into `shai-verify-<service>`, each waited for and proved by
 * its probes; returns one result per unit with the RPO achieved and the time to restore.
 */
export async function verifyAll(
  plan: Plan,
  units: readonly BackupUnit[],
  io: BackupIo,
  opts: { timeoutMs: number; dryRun: boolean },
): Promise<DrillResult[]> {
  const state = await readBackupState(io.api);
  const rows = backupStatus(units, state, io.now().getTime());
  const results: DrillResult[] = [];
  for (const unit of units) {
    const namespace = `shai-verify-${unit.service}`;
    const rpo = rpoOf(rows.filter((r) => r.service === unit.service));
    const base = { service: unit.service, namespace, ...(rpo !== undefined ? { rpoMinutes: rpo } : {}) };
    try {
      const objects = await restoreService(
        plan,
        unit,
        io,
        { namespace, dryRun: opts.dryRun, quiet: true },
        state,
      );
      if (opts.dryRun) {
        results.push({ ...base, ok: true, detail: 'dry run: not restored' });
        continue;
      }
      const proven = await proveRestore(io, unit, namespace, objects, opts.timeoutMs);
      results.push({
        ...base,
        ok: proven.ok,
        ...(proven.seconds !== undefined ? { restoreSeconds: proven.seconds } : {}),
        ...(proven.probes ? { probes: proven.probes } : {}),
        ...(proven.detail ? { detail: proven.detail } : {}),
      });
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      results.push({ ...base, ok: false, detail: err.message });
    }
  }
  return results;
}
