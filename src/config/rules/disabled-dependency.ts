import { isDisabled } from '../enabled.ts';
import type { ConfigRule, RuleIssue } from './types.ts';

/** Needs are added to the plan automatically, unless the user switched the needed service off. */
export const disabledDependency: ConfigRule = {
  id: 'disabled-dependency',
  description: 'A running service does not need a service that is disabled with enabled: false.',
  check({ config, registry, enabled }) {
    const issues: RuleIssue[] = [];
    for (const def of registry) {
      if (!enabled.has(def.name)) continue;
      for (const need of def.needs) {
        if (need.optional || !isDisabled(config, need.service)) continue;
        issues.push({
          path: ['services', def.name],
          at: 'key',
          near: ['services', need.service, 'enabled'],
          message: `needs ${need.service}, which is disabled at services.${need.service}.enabled`,
        });
      }
    }
    return issues;
  },
};
