/*
 * Shared by the backup analyzers (velero-backup-failed, cnpg-backup-failed): only the newest backup of a series
 * says whether backups work now; an older failure that a later backup replaced is history.
 */
import type { KubeObject } from '../../k8s/object.ts';

/** The newest object of each group (by `when`, an ISO time that sorts), in input order of the groups. */
export function newestPerGroup<T extends KubeObject>(
  objects: readonly T[],
  group: (o: T) => string,
  when: (o: T) => string,
): T[] {
  const newest = new Map<string, T>();
  for (const o of objects) {
    const g = group(o);
    const seen = newest.get(g);
    if (!seen || when(o).localeCompare(when(seen)) > 0) newest.set(g, o);
  }
  return [...newest.values()];
}
