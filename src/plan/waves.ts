import { InternalError } from '../errors.ts';
import type { ServiceDef } from '../services/types.ts';

/**
 * Refuses a catalog in which a service's wave is not after the wave of everything it needs (optional needs
 * included), or a need names a service or port that does not exist: Argo CD would sync them in the wrong order.
 */
export function validateCatalog(registry: readonly ServiceDef[]): void {
  const byName = new Map(registry.map((d) => [d.name, d]));
  for (const def of registry) {
    for (const need of def.needs) {
      const callee = byName.get(need.service);
      if (!callee)
        throw new InternalError(
          `catalog error: ${def.name} needs ${need.service}, which is not in the registry`,
        );
      if (need.port !== undefined && !callee.ports.some((p) => p.name === need.port))
        throw new InternalError(
          `catalog error: ${def.name} needs port ${need.port} of ${callee.name}, which has no such port`,
        );
      if (def.wave <= callee.wave)
        throw new InternalError(
          `catalog error: ${def.name} (wave ${def.wave}) needs ${callee.name} (wave ${callee.wave}); ` +
            `a service's wave must be greater than the wave of every service it needs`,
        );
    }
  }
}
