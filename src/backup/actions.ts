/*
 * What `shai backup run`, `restore` and `verify` do against the cluster: build the objects (objects.ts), apply
 * them with install's server-side apply, and for a drill wait until the operators report the restore done.
 * The API, the clock and the sleep come in, so the tests drive it against a real kube-apiserver.
 */
import type { ClusterState } from '../cluster/state.ts';
import { UserError } from '../errors.ts';
import type { KubeObject } from '../k8s/object.ts';
import { objectPath, resourceResolver, type KubeApi } from '../install/api.ts';
import { applyAll, objectLabel, type Applied } from '../install/apply.ts';
import { backupKeysSecret } from '../plan/backup.ts';
import type { Plan } from '../plan/types.ts';
import { copySecret, readBackupState } from './live.ts';
import { restoreObjects, runObjects } from './objects.ts';
import { backupStatus, type BackupRow } from './status.ts';
import type { BackupUnit } from './units.ts';
import type { RestoreProbe } from '../services/types.ts';

/** The edges the actions touch. */
export interface BackupIo {
  api: KubeApi;
  now(): Date;
  sleep(ms: number): Promise<void>;
  print(line: string): void;
}

/** Applies objects and prints one line each; throws when the server refused one. */
async function apply(io: BackupIo, objects: KubeObject[], dryRun: boolean): Promise<Applied[]> {
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

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The newest completed Velero Backup covering the namespace, finished at or before `at` when given. */
export function veleroBackupFor(state: ClusterState, namespace: string, at?: string): string | undefined {
  const limit = at ? Date.parse(at) : Infinity;
  return state
    .objects('Backup')
    .filter((b) => b.apiVersion.startsWith('velero.io/'))
    .filter((b) => {
      const s = ((b as Yaml).status ?? {}) as Yaml;
      const ns = ((b.spec as Yaml | undefined)?.includedNamespaces as string[] | undefined) ?? ['*'];
      return (
        s.phase === 'Completed' &&
        (ns.includes('*') || ns.includes(namespace)) &&
        Date.parse(s.completionTimestamp) <= limit
      );
    })
    .sort((a, b) =>
      String((b as Yaml).status.completionTimestamp).localeCompare((a as Yaml).status.completionTimestamp),
    )[0]?.metadata.name;
}

/** What `restore` was asked. */
export interface RestoreOptions {
  namespace: string;
  at?: string;
  dryRun: boolean;
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
    now: io.now(),
  });
  const [ns, ...rest] =
    objects[0]?.kind === 'Namespace' ? [objects[0], ...objects.slice(1)] : [undefined, ...objects];
  if (ns) await apply(io, [ns], opts.dryRun);
  if (unit.database && !opts.dryRun)
    await copySecret(io.api, unit.namespace, backupKeysSecret(unit.service), opts.namespace);
  await apply(io, rest as KubeObject[], opts.dryRun);
  for (const line of probeCommands(unit, opts.namespace)) io.print(line);
  return objects;
}

/** `kubectl exec` of a probe in the first pod with these labels (the restored workload's, whatever its kind). */
function execProbe(namespace: string, selector: string, probe: RestoreProbe): string {
  const quoted = `'${probe.script.replace(/'/g, `'\\''`)}'`;
  return `kubectl -n ${namespace} exec "$(kubectl -n ${namespace} get pod -l ${selector} -o name | head -1)" -- ${probe.shell} -c ${quoted}`;
}

/** What to run once the restore is up to prove the data is there: one line per probe of the unit. */
export function probeCommands(unit: BackupUnit, namespace: string): string[] {
  const out: string[] = [];
  if (unit.database)
    out.push(
      `when it is up, prove ${unit.database.probe.what}: ${execProbe(namespace, `cnpg.io/cluster=${unit.database.cluster},cnpg.io/instanceRole=primary`, unit.database.probe)}`,
    );
  if (unit.probe && unit.volumes.length)
    out.push(
      `when it is up, prove ${unit.probe.what}: ${execProbe(namespace, `app.kubernetes.io/name=${unit.service}`, unit.probe)}`,
    );
  return out;
}

/** One service's drill result. */
export interface DrillResult {
  service: string;
  namespace: string;
  /** Restored and reported ready by the operators. */
  ok: boolean;
  /** Seconds from the first object applied to the last reported ready. */
  restoreSeconds?: number;
  /** The data the restore would lose today, in minutes: WAL archiving's 5 minutes, else the last backup's age. */
  rpoMinutes?: number;
  detail?: string;
}

/** CloudNativePG's archive_timeout (pkg/postgres/configuration.go, v1.29.0): a WAL segment is shipped at least this often. */
export const ARCHIVE_TIMEOUT_MINUTES = 5;

/** The RPO a unit achieves now: the worst of its rows (a database with working WAL archiving loses at most 5 minutes). */
export function rpoOf(rows: readonly BackupRow[]): number | undefined {
  const worst = rows.map((r) =>
    r.method === 'database' && r.state !== 'failed' && r.lastGood ? ARCHIVE_TIMEOUT_MINUTES : r.ageMinutes,
  );
  return worst.some((w) => w === undefined) ? undefined : Math.max(...(worst as number[]));
}

/** True when the operator reports the restored object done; a string when it failed. */
function readiness(o: Yaml): boolean | string {
  const s = (o.status ?? {}) as Yaml;
  if (o.kind === 'Cluster') return s.phase === 'Cluster in healthy state';
  if (o.kind === 'Restore') {
    if (s.phase === 'Completed') return true;
    if (['Failed', 'PartiallyFailed', 'FailedValidation'].includes(s.phase))
      return `Velero Restore ${s.phase}`;
    return false;
  }
  return true;
}

/** Waits until every restored Cluster and Restore is ready, or `timeoutMs` passes; the seconds it took. */
async function waitReady(
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

/**
 * `shai backup verify`: a restore drill of every unit into `shai-verify-<service>`, each waited for; returns one
 * result per unit with the RPO achieved and the time to restore.
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
      const objects = await restoreService(plan, unit, io, { namespace, dryRun: opts.dryRun }, state);
      if (opts.dryRun) {
        results.push({ ...base, ok: true, detail: 'dry run: not restored' });
        continue;
      }
      const waited = await waitReady(io, objects, opts.timeoutMs);
      results.push({
        ...base,
        ok: waited.seconds !== undefined,
        ...(waited.seconds !== undefined ? { restoreSeconds: waited.seconds } : {}),
        ...(waited.detail ? { detail: waited.detail } : {}),
      });
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      results.push({ ...base, ok: false, detail: err.message });
    }
  }
  return results;
}
