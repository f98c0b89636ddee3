import { hasGpuNode } from '../enabled.ts';
import type { ConfigRule, RuleIssue } from './types.ts';

/** A service that only runs on a GPU would stay Pending forever on a cluster without one. */
export const gpuServices: ConfigRule = {
  id: 'gpu-services',
  description: 'Services that require or serve a GPU run only when some node has a GPU.',
  check({ config, registry, enabled }) {
    if (hasGpuNode(config)) return [];
    const issues: RuleIssue[] = [];
    for (const def of registry) {
      if (!enabled.has(def.name)) continue;
      if (def.gpu?.mode === 'required')
        issues.push({
          path: ['services', def.name],
          at: 'key',
          near: ['cluster', 'nodes'],
          message: `needs a GPU, but no node has one (add gpus to a node, or set services.${def.name}.enabled: false)`,
        });
      // Only when asked for: when a GPU service requires it, that service's own error is the one to fix.
      else if (def.gpuNodesOnly && config.services[def.name]?.enabled === true)
        issues.push({
          path: ['services', def.name],
          at: 'key',
          near: ['cluster', 'nodes'],
          message: `serves GPUs, but no node has one: it would deploy its driver and device-plugin DaemonSets onto a cluster without a GPU (add gpus to a node, or set services.${def.name}.enabled: false)`,
        });
    }
    return issues;
  },
};
