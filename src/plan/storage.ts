import type { RecoveryConfig, ServiceOverrideConfig } from '../config/schema.ts';
import type { ServiceDef } from '../services/types.ts';
import type { PlannedDatabase, PlannedSecret } from './types.ts';

/** The replicated class the Longhorn service renders (replica count from the storage nodes). */
export const LONGHORN_CLASS = 'longhorn';
/** k3s's built-in local-path provisioner: the class when Longhorn is off. */
export const LOCAL_PATH_CLASS = 'local-path';

/** StorageClass for every claim of the platform: Longhorn when it runs, else k3s's local-path. */
export function storageClass(longhornOn: boolean): string {
  return longhornOn ? LONGHORN_CLASS : LOCAL_PATH_CLASS;
}

/** Volumes of a service; `storage` in platform.yaml sizes the main (first) volume. */
export function planStorage(def: ServiceDef, override: ServiceOverrideConfig | undefined, cls: string) {
  return def.storage.map((v, i) => ({
    name: v.name,
    size: i === 0 && override?.storage ? override.storage : v.size,
    mountPath: v.mountPath,
    accessMode: v.accessMode,
    storageClass: cls,
    backup: v.backup,
  }));
}

/** The Cluster of generation `n` of a database named `base`: `base` itself, then `<base>-r<n>`. */
export const generationCluster = (base: string, n: number) => (n === 0 ? base : `${base}-r${n}`);

/**
 * The service's PostgreSQL; `storage` sizes it when the service has no volume of its own. Its generation is the
 * number of the service's `backup.recoveries` entries (validated by config/rules/backup-recoveries.ts): each one
 * bootstraps a new Cluster from the previous generation's archive, so nothing that names the cluster (the app's
 * host, NetworkPolicies, backups, monitoring, `shai backup`) computes the name anywhere but here.
 */
export function planDatabase(
  def: ServiceDef,
  override: ServiceOverrideConfig | undefined,
  cls: string,
  recoveries: readonly RecoveryConfig[] = [],
): PlannedDatabase | undefined {
  if (!def.database) return undefined;
  const size = def.storage.length === 0 && override?.storage ? override.storage : def.database.size;
  const base = `${def.name}-db`;
  const mine = recoveries.filter((r) => r.service === def.name);
  const generation = mine.length;
  const last = mine[generation - 1];
  return {
    name: def.database.name,
    cluster: generationCluster(base, generation),
    base,
    generation,
    ...(last
      ? {
          recovery: {
            source: generationCluster(base, generation - 1),
            ...(last.at ? { at: last.at } : {}),
          },
        }
      : {}),
    size,
    storageClass: cls,
  };
}

/**
 * A connection URL composed from the secret's own `username` and `password` and the cluster's read-write Service
 * (CloudNativePG's `<cluster>-rw`, port 5432).
 */
export function databaseUrlTemplate(cluster: string, namespace: string, database: string): string {
  return `postgresql://\${username}:\${password}@${cluster}-rw.${namespace}.svc.cluster.local:5432/${database}`;
}

/** The service's secrets with its database's `url` key (ServiceDef.database.url) composed for the planned cluster. */
export function withDatabaseUrl(
  def: ServiceDef,
  db: PlannedDatabase | undefined,
  secrets: PlannedSecret[],
): PlannedSecret[] {
  const url = def.database?.url;
  if (!url || !db) return secrets;
  return secrets.map((s) =>
    s.name === url.secret
      ? {
          ...s,
          keys: {
            ...s.keys,
            [url.key]: {
              kind: 'composed',
              template: databaseUrlTemplate(db.cluster, def.namespace, db.name),
            },
          },
        }
      : s,
  );
}
