/*
 * Where and how a service's database is archived through CloudNativePG's Barman Cloud plugin: the names and the
 * S3 destination both the rendered objects (build/database-backup.ts) and `shai backup` (objects.ts, units.ts)
 * use, here below both so neither reads the other's floor.
 */
import { InternalError } from '../errors.ts';
import { archivesDatabase } from '../plan/backup.ts';
import type { Plan, PlannedDatabase, PlannedService } from '../plan/types.ts';

/** The plugin's name, as CloudNativePG looks it up (the plugin Service's `cnpg.io/pluginName` label). */
export const BARMAN_PLUGIN = 'barman-cloud.cloudnative-pg.io';

/** Where every database's base backups and WAL go in the bucket; Velero keeps its own prefix beside it. */
export const CNPG_PREFIX = 'cnpg';

/**
 * The ObjectStore of a service's database, named after its first generation's cluster in every generation: a
 * promoted recovery reads generation n-1's server from it and archives generation n's beside it.
 */
export const objectStoreName = (svc: PlannedService) => `${svc.database!.base}-backup`;

/** True when the service's database is backed up by CloudNativePG (a `postgres` backup and a backup target). */
export function databaseBackedUp(plan: Plan, svc: PlannedService): boolean {
  return archivesDatabase(plan.config, plan.services, svc);
}

/** The S3 destination of a database: `s3://<bucket>/cnpg/<namespace>/`, the server name below it is the cluster's. */
export function destinationPath(plan: Plan, svc: PlannedService): string {
  const target = plan.config.backup?.target;
  if (!target) throw new InternalError(`${svc.name}: a database backup needs backup.target`);
  return `s3://${target.bucket}/${CNPG_PREFIX}/${svc.namespace}/`;
}

/** The name a recovering Cluster gives its archive source (an `externalClusters` entry). */
export const RECOVERY_SOURCE = 'origin';

/**
 * The `bootstrap` and `externalClusters` of a Cluster recovered from a database's archive: the newest base backup
 * of server `recovery.source` in the service's ObjectStore, replayed up to `recovery.at` (the end of the archive
 * without it), through the plugin (plugin-barman-cloud v0.13.0 web/docs/usage.md:129-193 "Restoring a Cluster":
 * the same ObjectStore may serve the restore and the new cluster's archiving). `owner` names the application
 * database, its owner and secret, as initdb would.
 */
export function recoveryFrom(
  svc: PlannedService,
  recovery: NonNullable<PlannedDatabase['recovery']>,
  owner?: { database: string; owner: string; secret: { name: string } },
): Record<string, unknown> {
  return {
    bootstrap: {
      recovery: {
        source: RECOVERY_SOURCE,
        ...(recovery.at ? { recoveryTarget: { targetTime: recovery.at } } : {}),
        ...owner,
      },
    },
    externalClusters: [
      {
        name: RECOVERY_SOURCE,
        plugin: {
          name: BARMAN_PLUGIN,
          parameters: { barmanObjectName: objectStoreName(svc), serverName: recovery.source },
        },
      },
    ],
  };
}
