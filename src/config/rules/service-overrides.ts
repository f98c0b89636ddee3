import type { ConfigRule, RuleIssue } from './types.ts';

/** Overrides stay within what the service allows: replicas, a public host, a volume size. */
export const serviceOverrides: ConfigRule = {
  id: 'service-overrides',
  description:
    'Per-service overrides stay within what the service allows (max replicas, has a host, has a volume).',
  check({ config, byName }) {
    const issues: RuleIssue[] = [];
    for (const [name, o] of Object.entries(config.services)) {
      const def = byName.get(name);
      if (!o || !def) continue;
      const max = def.scaling.maxReplicas;
      if (o.replicas !== undefined && o.replicas > max) {
        const reason = def.scaling.reason ? `: ${def.scaling.reason}` : '';
        issues.push({
          path: ['services', name, 'replicas'],
          message: `expected at most ${max}, got ${o.replicas}${reason}`,
        });
      }
      if (o.public !== undefined && def.exposes.length === 0)
        issues.push({
          path: ['services', name, 'public'],
          message: `${name} serves no host, so it cannot be public`,
        });
      if (o.storage !== undefined && def.storage.length === 0 && !def.database)
        issues.push({ path: ['services', name, 'storage'], message: `${name} has no volume to size` });
    }
    return issues;
  },
};
