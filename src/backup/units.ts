/*
 * What `shai backup` acts on: per service of the plan that keeps data, how it is backed up (its database through
 * CloudNativePG's Barman Cloud plugin, its kept volumes through Velero, or both), on which schedule, and how a
 * restore is proved. Derived from the service data and the same helpers (archive.ts, volumes.ts) the rendered objects use, so the
 * command and the rendered tree never disagree.
 */
import type { Plan, PlannedService } from '../plan/types.ts';
import { databaseBackedUp, objectStoreName } from './archive.ts';
import type { RestoreProbe, RestoreStep } from './snapshots.ts';
import { keptVolumes, snapshotOf } from './volumes.ts';
import { UserError } from '../errors.ts';

/** One service's backup, as `shai backup` reads and drives it. */
export interface BackupUnit {
  service: string;
  namespace: string;
  /** The CloudNativePG cluster archived through the plugin, and its ObjectStore. */
  database?: {
    cluster: string;
    objectStore: string;
    size: string;
    storageClass: string;
    /** Proves the restored database holds the service's tables (run in the restored instance pod). */
    probe: RestoreProbe;
  };
  /** The pod volumes Velero copies (opt-in annotation), after `snapshot` when there is one. */
  volumes: string[];
  /** What the application-consistent snapshot hook takes before the copy. */
  snapshot?: string;
  /** The labels of the service's objects in its namespace (what a Velero restore of it selects). */
  labels: Record<string, string>;
  /** The labels of the pods that mount the kept volumes (where `probe` runs): `labels`, narrowed for a subchart's. */
  pods: Record<string, string>;
  /** Proves a restored copy holds the data (run in the restored service's container). */
  probe?: RestoreProbe;
  /** Turns the restored snapshot into what the application loads, before it starts (a Velero restore init hook). */
  restore?: RestoreStep;
  /** platform.yaml's five-field cron and retention, which both the ScheduledBackups and Velero's Schedule use. */
  schedule: string;
  retentionDays: number;
}

/** The restored database answers and holds tables of its own (the application's schema came back). */
export function databaseProbe(database: string): RestoreProbe {
  return {
    what: `database ${database} has its tables`,
    shell: '/bin/sh',
    script: `psql -d ${database} -Atc "select count(*) from pg_tables where schemaname not in ('pg_catalog', 'information_schema')" | grep -qv '^0$'`,
  };
}

/** The backup of one planned service, or undefined when it keeps nothing or the platform has no target. */
export function backupUnit(plan: Plan, svc: PlannedService): BackupUnit | undefined {
  const backup = plan.config.backup;
  const spec = svc.backup;
  if (!backup || spec.kind === 'none') return undefined;
  const db = svc.database && databaseBackedUp(plan, svc) ? svc.database : undefined;
  const volumes = keptVolumes(svc);
  if (!db && volumes.length === 0) return undefined;
  const snapshot = snapshotOf(svc);
  const labels = spec.labels ?? {
    [svc.def.chart ? 'app.kubernetes.io/instance' : 'app.kubernetes.io/name']: svc.name,
  };
  return {
    service: svc.name,
    namespace: svc.namespace,
    labels,
    pods: { ...labels, ...spec.pods },
    ...(db
      ? {
          database: {
            cluster: db.cluster,
            objectStore: objectStoreName(svc),
            size: db.size,
            storageClass: db.storageClass,
            probe: databaseProbe(db.name),
          },
        }
      : {}),
    volumes,
    ...(snapshot ? { snapshot: snapshot.what } : {}),
    ...(spec.probe ? { probe: spec.probe } : {}),
    ...(spec.kind === 'volume' && spec.restore ? { restore: spec.restore } : {}),
    schedule: backup.schedule,
    retentionDays: backup.retention.days,
  };
}

/** Every service's backup, in plan order. */
export function backupUnits(plan: Plan): BackupUnit[] {
  return plan.services.flatMap((s) => backupUnit(plan, s) ?? []);
}

/** The backup of `--service NAME`; a clear error naming the services that have one otherwise. */
export function unitOf(plan: Plan, name: string): BackupUnit {
  const units = backupUnits(plan);
  const unit = units.find((u) => u.service === name);
  if (unit) return unit;
  const known = units.map((u) => u.service).join(', ') || 'none (platform.yaml has no backup target)';
  const svc = plan.services.find((s) => s.name === name);
  const why =
    svc && svc.backup.kind === 'none'
      ? `${name} keeps nothing worth a backup: ${svc.backup.reason}`
      : svc
        ? `${name} has no backup on this platform`
        : `${name} is not a service of this platform`;
  throw new UserError(`--service ${name}: ${why}. Services with a backup: ${known}`);
}
