import type { ConfigRule, RuleIssue } from './types.ts';

/** Two routers for one host make Traefik pick one at random. */
export const uniqueHosts: ConfigRule = {
  id: 'unique-hosts',
  description: 'No two running services serve the same host.',
  check({ config, registry, enabled }) {
    const owner = new Map<string, string>();
    const issues: RuleIssue[] = [];
    for (const def of registry) {
      if (!enabled.has(def.name)) continue;
      for (const exposure of def.exposes) {
        const host = `${exposure.subdomain}.${config.domain}`;
        const other = owner.get(host);
        if (other === undefined) owner.set(host, def.name);
        else if (other !== def.name)
          issues.push({
            path: ['services', def.name],
            at: 'key',
            message: `host ${host} is also served by ${other}`,
          });
      }
    }
    return issues;
  },
};
