import type { ConfigRule, RuleIssue } from './types.ts';

/** An image published for amd64 only cannot start on an arm64 node (exec format error). */
export const serviceArchs: ConfigRule = {
  id: 'service-archs',
  description: 'A service whose images exist for some architectures only has a node of such an architecture.',
  check({ config, registry, enabled }) {
    const issues: RuleIssue[] = [];
    const nodes = new Map(config.cluster.nodes.map((n) => [n.name, n]));
    for (const def of registry) {
      const archs = def.archs;
      if (!archs || !enabled.has(def.name)) continue;
      const only = archs.join(' and ');
      const pinned = config.services[def.name]?.node;
      const node = pinned === undefined ? undefined : nodes.get(pinned);
      if (node && !archs.includes(node.arch)) {
        issues.push({
          path: ['services', def.name, 'node'],
          message: `node "${node.name}" is ${node.arch}, but ${def.name} images exist only for ${only}`,
        });
        continue;
      }
      // A GPU-only service can only land on GPU nodes; the GPU rules report when there are none.
      const gpuOnly = def.gpu?.mode === 'required';
      const candidates = config.cluster.nodes.filter((n) => !gpuOnly || n.gpus.length > 0);
      if (candidates.length > 0 && !candidates.some((n) => archs.includes(n.arch))) {
        issues.push({
          path: ['services', def.name],
          at: 'key',
          near: ['cluster', 'nodes'],
          message: `images exist only for ${only}, but no ${gpuOnly ? 'GPU node' : 'node'} is ${only}`,
        });
      }
    }
    return issues;
  },
};
