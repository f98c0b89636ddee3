import type { ConfigRule, RuleIssue } from './types.ts';

/** Roles drive placement (GPU pods, Longhorn disks), so a role must match the hardware listed. */
export const nodeRoles: ConfigRule = {
  id: 'node-roles',
  description:
    'Node roles match the node: gpu ⇔ gpus listed, storage ⇒ storage paths, one control plane at least.',
  check({ config }) {
    const issues: RuleIssue[] = [];
    const nodes = config.cluster.nodes;
    nodes.forEach((node, i) => {
      const at = ['cluster', 'nodes', i];
      const gpuRole = node.roles.includes('gpu');
      if (gpuRole && node.gpus.length === 0)
        issues.push({
          path: [...at, 'roles'],
          message: `node "${node.name}" has the gpu role but lists no gpus`,
        });
      if (!gpuRole && node.gpus.length > 0)
        issues.push({
          path: [...at, 'gpus'],
          at: 'key',
          message: `node "${node.name}" lists gpus but lacks the gpu role`,
        });
      if (node.roles.includes('storage') && node.storage.length === 0)
        issues.push({
          path: [...at, 'roles'],
          message: `node "${node.name}" has the storage role but lists no storage paths`,
        });
    });
    if (!nodes.some((n) => n.roles.includes('control-plane')))
      issues.push({ path: ['cluster', 'nodes'], at: 'key', message: 'no node has the control-plane role' });
    return issues;
  },
};
