import type { ResourcesConfig } from '../config/schema.ts';
import type { ResourceSpec } from '../services/types.ts';

/** The service's default requests and limits with whatever platform.yaml overrides, key by key. */
export function mergeResources(base: ResourceSpec, override: ResourcesConfig | undefined): ResourceSpec {
  return {
    requests: {
      cpu: override?.requests?.cpu ?? base.requests.cpu,
      memory: override?.requests?.memory ?? base.requests.memory,
    },
    limits: {
      cpu: override?.limits?.cpu ?? base.limits.cpu,
      memory: override?.limits?.memory ?? base.limits.memory,
    },
  };
}
