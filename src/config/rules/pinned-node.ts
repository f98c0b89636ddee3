import { closest } from '../suggest.ts';
import type { ConfigRule, RuleIssue } from './types.ts';

/** `services.X.node` becomes a nodeSelector; a wrong name leaves the pods Pending. */
export const pinnedNode: ConfigRule = {
  id: 'pinned-node',
  description: 'A service pinned to a node names an existing node, one with a GPU when the service needs it.',
  check({ config, byName }) {
    const issues: RuleIssue[] = [];
    const nodes = new Map(config.cluster.nodes.map((n) => [n.name, n]));
    for (const [name, override] of Object.entries(config.services)) {
      if (!override?.node) continue;
      const path = ['services', name, 'node'];
      const node = nodes.get(override.node);
      if (!node) {
        const match = closest(override.node, [...nodes.keys()]);
        const hint = match ? `, did you mean "${match}"?` : '';
        issues.push({ path, message: `no node named "${override.node}" in cluster.nodes${hint}` });
      } else if (byName.get(name)?.gpu?.mode === 'required' && node.gpus.length === 0) {
        issues.push({ path, message: `node "${node.name}" has no GPU, but ${name} needs one` });
      }
    }
    return issues;
  },
};
