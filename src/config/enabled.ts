import type { ServiceDef } from '../services/types.ts';
import type { Config } from './schema.ts';

/** Is the service switched on by platform.yaml (its override, or else its default)? */
export function isSelected(config: Config, def: ServiceDef): boolean {
  const override = config.services[def.name];
  return override ? override.enabled : def.defaultEnabled;
}

/** Did platform.yaml say `enabled: false` for this service? (`enabled` defaults to true, so false is explicit.) */
export function isDisabled(config: Config, name: string): boolean {
  return config.services[name]?.enabled === false;
}

/** The services that will run: the selected ones plus, transitively, their required needs not disabled. */
export function enabledServices(config: Config, registry: readonly ServiceDef[]): Set<string> {
  const byName = new Map(registry.map((d) => [d.name, d]));
  const on = new Set<string>();
  const queue = registry.filter((d) => isSelected(config, d)).map((d) => d.name);
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (on.has(name)) continue;
    on.add(name);
    for (const need of byName.get(name)?.needs ?? []) {
      if (!need.optional && !isDisabled(config, need.service)) queue.push(need.service);
    }
  }
  return on;
}

/** Does any node have a GPU? */
export function hasGpuNode(config: Config): boolean {
  return config.cluster.nodes.some((n) => n.gpus.length > 0);
}

/** Why a needed service does not run, for messages: "which is disabled at services.x.enabled". */
export function whyOff(config: Config, name: string): string {
  return isDisabled(config, name) ? `which is disabled at services.${name}.enabled` : 'which is not enabled';
}
