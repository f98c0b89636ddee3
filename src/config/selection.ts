import type { Config } from './schema.ts';
import type { ServiceDef } from '../services/types.ts';
import { requirements } from './requires.ts';

/** Why a service runs: selected in platform.yaml (or by default), or implied by a service that needs it. */
export type Selection = Map<string, { implied: boolean }>;

/** Does any node carry a GPU that the GPU operator can serve? */
export function hasGpu(config: Config): boolean {
  return config.cluster.nodes.some((n) => n.gpus.length > 0);
}

/** Selected by its own switch: `enabled: true` in an override, or no override and on by default. */
function selected(config: Config, def: ServiceDef): boolean {
  const override = config.services[def.name];
  if (override) return override.enabled;
  // A GPU-only service nobody asked for stays off on a cluster without GPUs.
  if ((def.gpu?.mode === 'required' || def.gpuNodesOnly) && !hasGpu(config)) return false;
  return def.defaultEnabled;
}

/**
 * The services that run: the selected ones plus, transitively, what running services require (their
 * required needs and the platform services their objects rely on, see requires.ts), marked implied. A
 * requirement switched off with `enabled: false` stays off; the config rules report that.
 */
export function selectServices(config: Config, registry: readonly ServiceDef[]): Selection {
  const byName = new Map(registry.map((d) => [d.name, d]));
  const out: Selection = new Map();
  const queue: { name: string; implied: boolean }[] = registry
    .filter((d) => selected(config, d))
    .map((d) => ({ name: d.name, implied: false }));
  for (const item of queue) out.set(item.name, { implied: false });
  while (queue.length > 0) {
    const { name } = queue.shift()!;
    const def = byName.get(name);
    for (const need of def ? requirements(def) : []) {
      if (out.has(need.service) || !byName.has(need.service)) continue;
      if (config.services[need.service]?.enabled === false) continue;
      out.set(need.service, { implied: true });
      queue.push({ name: need.service, implied: true });
    }
  }
  return out;
}

/**
 * What the selected services require, transitively, whether it is switched off or not, with the services
 * that require each one: the whole closure, so a platform that switches off what it needs hears about all
 * of it at once instead of one layer per round.
 */
export function requiredBy(config: Config, registry: readonly ServiceDef[]): Map<string, Set<string>> {
  const byName = new Map(registry.map((d) => [d.name, d]));
  const by = new Map<string, Set<string>>();
  const queue = registry.filter((d) => selected(config, d)).map((d) => d.name);
  const seen = new Set(queue);
  while (queue.length > 0) {
    const name = queue.shift()!;
    const def = byName.get(name);
    for (const r of def ? requirements(def) : []) {
      if (!byName.has(r.service)) continue;
      by.set(r.service, (by.get(r.service) ?? new Set()).add(name));
      if (!seen.has(r.service)) {
        seen.add(r.service);
        queue.push(r.service);
      }
    }
  }
  return by;
}
