/*
 * Where and how a service's database is archived through CloudNativePG's Barman Cloud plugin: the names and the
 * S3 destination both the rendered objects (build/database-backup.ts) and `shai backup` (objects.ts, units.ts)
 * use, here below both so neither reads the other's floor.
 */
import { InternalError } from '../errors.ts';
import { archivesDatabase } from '../plan/backup.ts';
import type { Plan, PlannedService } from '../plan/types.ts';

/** The plugin's name, as CloudNativePG looks it up (the plugin Service's `cnpg.io/pluginName` label). */
export const BARMAN_PLUGIN = 'barman-cloud.cloudnative-pg.io';

/** Where every database's base backups and WAL go in the bucket; Velero keeps its own prefix beside it. */
export const CNPG_PREFIX = 'cnpg';

/** The ObjectStore of a service's database. */
export const objectStoreName = (svc: PlannedService) => `${svc.database!.cluster}-backup`;

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
