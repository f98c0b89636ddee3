import { hasGpuNode } from '../enabled.ts';
import type { ConfigRule, RuleIssue } from './types.ts';

/** A service that only runs on a GPU would stay Pending forever on a cluster without one. */
export const gpuServices: ConfigRule = {
  id: 'gpu-services',
  description: 'Services that require a GPU run only when some node has a GPU.',
  check({ config, registry, enabled }) {
    if (hasGpuNode(config)) return [];
    const issues: RuleIssue[] = [];
    for (const def of registry) {
      if (def.gpu?.mode !== 'required' || !enabled.has(def.name)) continue;
      issues.push({
        path: ['services', def.name],
        at: 'key',
        near: ['cluster', 'nodes'],
        message: `needs a GPU, but no node has one (add gpus to a node, or set services.${def.name}.enabled: false)`,
      });
    }
    return issues;
  },
};
