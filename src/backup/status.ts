/*
 * `shai backup status`: per service, the last good backup of each way it is backed up, its age against the
 * schedule, its size and where it is; read from what the operators record: CloudNativePG's Backup objects (and
 * the ObjectStore's recovery window, and the Cluster's ContinuousArchiving condition) for databases, Velero's
 * Backup and PodVolumeBackup objects for volumes. Pure: the cluster comes in as
 * the objects it holds (the CLI reads them, cli/backup-live.ts).
 */
import type { KubeObject } from '../k8s/object.ts';
import { cronGapMinutes, GRACE_MINUTES } from '../config/cron-gap.ts';
import type { BackupUnit } from './units.ts';

/** How one way of backing up a service stands. */
export interface BackupRow {
  service: string;
  method: 'database' | 'volumes';
  /** ok: a good backup within the schedule; stale: older than the schedule allows; failed: the last try or the
   *  WAL archive failed; missing: no good backup yet. */
  state: 'ok' | 'stale' | 'failed' | 'missing';
  /** When the last good backup finished (ISO). */
  lastGood?: string;
  /** Its age, in minutes at `now`. */
  ageMinutes?: number;
  /** The longest gap the schedule allows between two backups, in minutes. */
  scheduleMinutes: number;
  /** Bytes copied, when the operator records it (Velero's pod volume backups); CloudNativePG does not. */
  bytes?: number;
  /** Where it is: the object naming it. */
  where?: string;
  /** What went wrong, in the operator's words. */
  detail?: string;
}

/** The operators' objects by kind, across namespaces (a cluster/state.ts ClusterState is one). */
export interface BackupObjects {
  objects(kind: string): readonly KubeObject[];
  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
}

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const spec = (o: KubeObject) => (o.spec ?? {}) as Yaml;
const status = (o: KubeObject) => ((o as Yaml).status ?? {}) as Yaml;
const minutesBetween = (from: string, now: number) =>
  Math.max(0, Math.floor((now - Date.parse(from)) / 60_000));
const latest = <T>(items: T[], at: (t: T) => string | undefined): T | undefined =>
  items.filter((i) => at(i)).sort((a, b) => at(b)!.localeCompare(at(a)!))[0];

/** The database row: the newest completed CloudNativePG Backup of the cluster. */
function databaseRow(unit: BackupUnit, state: BackupObjects, now: number): BackupRow {
  const db = unit.database!;
  const scheduleMinutes = cronGapMinutes(unit.schedule);
  const backups = state
    .objects('Backup')
    .filter((b) => b.apiVersion.startsWith('postgresql.cnpg.io/') && b.metadata.namespace === unit.namespace)
    .filter((b) => spec(b).cluster?.name === db.cluster);
  const good = latest(
    backups.filter((b) => status(b).phase === 'completed'),
    (b) => status(b).stoppedAt,
  );
  const last = latest(
    backups,
    (b) => status(b).stoppedAt ?? status(b).startedAt ?? b.metadata.creationTimestamp,
  );
  const store = state.get('ObjectStore', unit.namespace, db.objectStore);
  const window = store ? (status(store).serverRecoveryWindow?.[db.cluster] as Yaml | undefined) : undefined;
  const lastGood: string | undefined =
    status(good ?? ({} as KubeObject)).stoppedAt ?? window?.lastSuccessfulBackupTime;
  const cluster = state.get('Cluster', unit.namespace, db.cluster);
  const archiving = (status(cluster ?? ({} as KubeObject)).conditions as Yaml[] | undefined)?.find(
    (c) => c.type === 'ContinuousArchiving',
  );
  const row: BackupRow = {
    service: unit.service,
    method: 'database',
    state: 'missing',
    scheduleMinutes,
    where: `${status(good ?? ({} as KubeObject)).destinationPath ?? `ObjectStore ${unit.namespace}/${db.objectStore}`} (server ${db.cluster})`,
  };
  if (lastGood) Object.assign(row, { lastGood, ageMinutes: minutesBetween(lastGood, now) });
  if (archiving?.status === 'False')
    return {
      ...row,
      state: 'failed',
      detail: `WAL archiving fails: ${archiving.message ?? archiving.reason}`,
    };
  if (last && status(last).phase === 'failed')
    return {
      ...row,
      state: 'failed',
      detail: `Backup ${unit.namespace}/${last.metadata.name} failed: ${status(last).error ?? 'no error recorded'}`,
    };
  if (!lastGood) return row;
  return { ...row, state: row.ageMinutes! > scheduleMinutes + GRACE_MINUTES ? 'stale' : 'ok' };
}

/** True when a Velero Backup covers the namespace. */
function covers(backup: KubeObject, namespace: string): boolean {
  const included = (spec(backup).includedNamespaces as string[] | undefined) ?? ['*'];
  const excluded = (spec(backup).excludedNamespaces as string[] | undefined) ?? [];
  return (included.includes('*') || included.includes(namespace)) && !excluded.includes(namespace);
}

/** The volumes row: the newest completed Velero Backup of the namespace, sized by its pod volume backups. */
function volumesRow(unit: BackupUnit, state: BackupObjects, now: number): BackupRow {
  const scheduleMinutes = cronGapMinutes(unit.schedule);
  const backups = state
    .objects('Backup')
    .filter((b) => b.apiVersion.startsWith('velero.io/') && covers(b, unit.namespace));
  const good = latest(
    backups.filter((b) => status(b).phase === 'Completed'),
    (b) => status(b).completionTimestamp,
  );
  const last = latest(backups, (b) => status(b).completionTimestamp ?? status(b).startTimestamp);
  const row: BackupRow = { service: unit.service, method: 'volumes', state: 'missing', scheduleMinutes };
  if (good) {
    const lastGood = status(good).completionTimestamp as string;
    const volumes = state
      .objects('PodVolumeBackup')
      .filter((p) => p.metadata.labels?.['velero.io/backup-name'] === good.metadata.name)
      .filter(
        (p) =>
          spec(p).pod?.namespace === unit.namespace &&
          String(spec(p).pod?.name).startsWith(`${unit.service}-`),
      )
      .filter((p) => unit.volumes.includes(spec(p).volume));
    Object.assign(row, {
      lastGood,
      ageMinutes: minutesBetween(lastGood, now),
      where: `Velero Backup ${good.metadata.namespace}/${good.metadata.name} (${spec(good).storageLocation ?? 'default'})`,
      ...(volumes.length
        ? { bytes: volumes.reduce((n, p) => n + Number(status(p).progress?.totalBytes ?? 0), 0) }
        : {}),
    });
  }
  if (
    last &&
    last !== good &&
    ['Failed', 'PartiallyFailed', 'FailedValidation'].includes(status(last).phase)
  ) {
    const errors = (status(last).validationErrors as string[] | undefined)?.join('; ');
    return {
      ...row,
      state: 'failed',
      detail: `Velero Backup ${last.metadata.namespace}/${last.metadata.name} ${status(last).phase}${errors ? `: ${errors}` : ` (${status(last).errors ?? 0} errors; velero backup logs ${last.metadata.name})`}`,
    };
  }
  if (!good) return row;
  return { ...row, state: row.ageMinutes! > scheduleMinutes + GRACE_MINUTES ? 'stale' : 'ok' };
}

/** Every row of every unit, in unit order: the database first, then the volumes. */
export function backupStatus(units: readonly BackupUnit[], state: BackupObjects, now: number): BackupRow[] {
  return units.flatMap((u) => [
    ...(u.database ? [databaseRow(u, state, now)] : []),
    ...(u.volumes.length ? [volumesRow(u, state, now)] : []),
  ]);
}

/** Rows older than `maxAgeMinutes`, or with no good backup at all (what `--max-age` fails on). */
export function tooOld(rows: readonly BackupRow[], maxAgeMinutes: number): BackupRow[] {
  return rows.filter((r) => r.ageMinutes === undefined || r.ageMinutes > maxAgeMinutes);
}
