/*
 * The pure side of `shai backup restore` and `verify`: which Velero Backup a restore reads, the probes that prove
 * a restored copy holds the data, when the operators report a restore done, and the RPO a drill reports. The
 * CLI edge (cli/backup-actions.ts) applies and waits; this decides.
 */
import { scratchNamespace } from './objects.ts';
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

/** The `shai backup restore` command line of a restore of `service` into `scratch` (to `at`), for messages. */
export function restoreCommand(service: string, scratch: string, at?: string): string {
  return `shai backup restore --service ${service}${at ? ` --at ${at}` : ''}${scratch === scratchNamespace(service) ? '' : ` --to-namespace ${scratch}`}`;
}

/** A probe of a unit and the pods it runs in: the restored primary for a database, the service's pod for volumes. */
export interface ProbeTarget {
  /** What the probe proves came back: the database, or the kept volumes. */
  part: 'database' | 'volumes';
  selector: string;
  probe: RestoreProbe;
}

/** The probes that prove a unit's restore holds its data, in the order they run (database first). */
export function probeTargets(unit: BackupUnit): ProbeTarget[] {
  const out: ProbeTarget[] = [];
  if (unit.database)
    out.push({
      part: 'database',
      selector: `cnpg.io/cluster=${unit.database.cluster},cnpg.io/instanceRole=primary`,
      probe: unit.database.probe,
    });
  if (unit.probe && unit.volumes.length)
    out.push({
      part: 'volumes',
      selector: Object.entries(unit.pods)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
      probe: unit.probe,
    });
  return out;
}

/** What to run once the restore is up to prove the data is there: one line per probe of the unit. */
export function probeCommands(unit: BackupUnit, namespace: string): string[] {
  return probeTargets(unit).map(
    (t) => `when it is up, prove ${t.probe.what}: ${execProbe(namespace, t.selector, t.probe)}`,
  );
}

/**
 * The pod and container a probe runs in: the first pod (by name) that is Running, not being deleted and Ready,
 * in the container `kubectl exec` would pick (the default-container annotation, else the first). Undefined while
 * none is.
 */
export function probePod(pods: readonly unknown[]): { pod: string; container: string } | undefined {
  const ready = (pods as Yaml[])
    .filter(
      (p) =>
        !p.metadata?.deletionTimestamp &&
        p.status?.phase === 'Running' &&
        (p.status?.conditions ?? []).some((c: Yaml) => c.type === 'Ready' && c.status === 'True'),
    )
    .sort((a, b) => String(a.metadata?.name).localeCompare(String(b.metadata?.name)));
  const pod = ready[0];
  if (!pod) return undefined;
  const containers = ((pod.spec?.containers ?? []) as Yaml[]).map((c) => String(c.name));
  const named = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
  const container = typeof named === 'string' && containers.includes(named) ? named : containers[0];
  return container ? { pod: String(pod.metadata.name), container } : undefined;
}

/** One probe's outcome: passed, or why not (its exit code and the last of what it printed). */
export interface ProbeOutcome {
  what: string;
  ok: boolean;
  /** The pod it ran in. */
  pod?: string;
  detail?: string;
}

/** The outcome of a probe that ran: exit 0 passes; otherwise the exit code and the last line it printed. */
export function probeOutcome(
  probe: RestoreProbe,
  pod: string,
  result: { exitCode: number; stdout: string; stderr: string },
): ProbeOutcome {
  if (result.exitCode === 0) return { what: probe.what, ok: true, pod };
  const last = (result.stderr.trim() || result.stdout.trim()).split('\n').pop()?.trim();
  return {
    what: probe.what,
    ok: false,
    pod,
    detail: `exit ${result.exitCode} in ${pod}${last ? `: ${last.slice(0, 300)}` : ''}`,
  };
}

/** One service's drill result. */
export interface DrillResult {
  service: string;
  namespace: string;
  /** Restored, reported ready by the operators, and every probe passed in the restored pods. */
  ok: boolean;
  /** Seconds from the first object applied until the last probe passed. */
  restoreSeconds?: number;
  /** The probes that ran, when the restore became ready. */
  probes?: ProbeOutcome[];
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
