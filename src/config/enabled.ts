import { requiredBy, selectServices } from './selection.ts';
import type { ServiceDef } from '../services/types.ts';
import type { Config } from './schema.ts';

/** Did platform.yaml say `enabled: false` for this service? (`enabled` defaults to true, so false is explicit.) */
export function isDisabled(config: Config, name: string): boolean {
  return config.services[name]?.enabled === false;
}

/**
 * The services that will run, exactly as the plan decides it (selected, plus required needs not disabled;
 * GPU-only services nobody asked for stay off without a GPU), so the rules and the plan never disagree.
 */
export function enabledServices(config: Config, registry: readonly ServiceDef[]): Set<string> {
  return new Set(selectServices(config, registry).keys());
}

/** What the selected services require, transitively, with who requires each: the plan's closure, for the rules. */
export { requiredBy };

/** Does any node have a GPU? */
export function hasGpuNode(config: Config): boolean {
  return config.cluster.nodes.some((n) => n.gpus.length > 0);
}

/** Why a needed service does not run, for messages: "which is disabled at services.x.enabled". */
export function whyOff(config: Config, name: string): string {
  return isDisabled(config, name) ? `which is disabled at services.${name}.enabled` : 'which is not enabled';
}
