import type { ServiceOverrideConfig } from '../config/schema.ts';
import type { ServiceDef } from '../services/types.ts';
import type { PlannedService } from './types.ts';

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

/** The service's PostgreSQL; `storage` sizes it when the service has no volume of its own. */
export function planDatabase(
  def: ServiceDef,
  override: ServiceOverrideConfig | undefined,
  cls: string,
): PlannedService['database'] {
  if (!def.database) return undefined;
  const size = def.storage.length === 0 && override?.storage ? override.storage : def.database.size;
  return { name: def.database.name, cluster: `${def.name}-db`, size, storageClass: cls };
}
