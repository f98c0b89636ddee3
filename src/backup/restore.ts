/*
 * The pure side of `shai backup restore` and `verify`: which Velero Backup a restore reads, the probes that prove
 * a restored copy holds the data, when the operators report a restore done, and the RPO a drill reports. The
 * CLI edge (cli/backup-actions.ts) applies and waits; this decides.
 */
import type { RestoreProbe } from './snapshots.ts';
import type { BackupObjects, BackupRow } from './status.ts';
import type { BackupUnit } from './units.ts';

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The newest completed Velero Backup covering the namespace, finished at or before `at` when given. */
export function veleroBackupFor(state: BackupObjects, namespace: string, at?: string): string | undefined {
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
export function readiness(live: unknown): boolean | string {
  const o = live as Yaml;
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
