/*
 * Which stores hold state their callers cannot lose: a caller says so on its need (`Need.durable`: GitLab's
 * Sidekiq queues and sessions in Valkey), and a store whose backup is `store` (services/valkey.ts) then runs
 * durable and is backed up; while its enabled callers only cache there, it stays a cache with no backup.
 */
import type { ResolvedBackup, ServiceDef } from '../services/types.ts';

/** An enabled caller keeping durable state in a store, and what that state is. */
export interface DurableCaller {
  service: string;
  what: string;
}

/** The enabled services (`defs`) that keep durable state in `store`, in name order. */
export function durableCallers(
  defs: readonly Pick<ServiceDef, 'name' | 'needs'>[],
  store: string,
): DurableCaller[] {
  return defs
    .flatMap((d) =>
      d.needs
        .filter((n) => n.service === store && n.durable)
        .map((n) => ({ service: d.name, what: n.durable! })),
    )
    .sort((a, b) => a.service.localeCompare(b.service));
}

/** A service's backup on this platform: a `store` is its `durable` backup when a caller keeps state there. */
export function resolveBackup(def: ServiceDef, enabled: readonly ServiceDef[]): ResolvedBackup {
  const b = def.backup;
  if (b.kind !== 'store') return b;
  return durableCallers(enabled, def.name).length ? b.durable : { kind: 'none', reason: b.cache };
}
