import type { ConfigRule, RuleIssue } from './types.ts';

/** LiteLLM routes by model name and alias; a repeated one would shadow the other entry. */
export const uniqueModels: ConfigRule = {
  id: 'unique-models',
  description: 'Model names and aliases are unique.',
  check({ config }) {
    const issues: RuleIssue[] = [];
    const names = new Map<string, number>();
    const aliases = new Map<string, number>();
    config.models.forEach((model, i) => {
      const sameName = names.get(model.name);
      if (sameName === undefined) names.set(model.name, i);
      else
        issues.push({
          path: ['models', i, 'name'],
          message: `duplicate model "${model.name}" (also models[${sameName}])`,
        });
      if (model.alias === undefined) return;
      const sameAlias = aliases.get(model.alias);
      if (sameAlias === undefined) aliases.set(model.alias, i);
      else
        issues.push({
          path: ['models', i, 'alias'],
          message: `duplicate alias "${model.alias}" (also models[${sameAlias}])`,
        });
    });
    return issues;
  },
};
