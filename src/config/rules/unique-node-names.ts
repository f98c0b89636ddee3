import type { ConfigRule, RuleIssue } from './types.ts';

/** Node names are the kubernetes.io/hostname label: two entries with one name would be one node. */
export const uniqueNodeNames: ConfigRule = {
  id: 'unique-node-names',
  description: 'Node names are unique.',
  check({ config }) {
    const first = new Map<string, number>();
    const issues: RuleIssue[] = [];
    config.cluster.nodes.forEach((node, i) => {
      const seen = first.get(node.name);
      if (seen === undefined) first.set(node.name, i);
      else
        issues.push({
          path: ['cluster', 'nodes', i, 'name'],
          message: `duplicate node name "${node.name}" (also cluster.nodes[${seen}])`,
        });
    });
    return issues;
  },
};
