import type { ConfigRule, RuleIssue } from './types.ts';

/** Purposes that route requests only a capable model can answer (LiteLLM sends embeddings/images there). */
const REQUIRED = { embedding: 'embedding', vision: 'vision' } as const;

/** A model's purpose is backed by its capabilities. */
export const modelCapabilities: ConfigRule = {
  id: 'model-capabilities',
  description: 'Embedding models have the embedding capability; vision models the vision capability.',
  check({ config }) {
    const issues: RuleIssue[] = [];
    config.models.forEach((model, i) => {
      const needed = REQUIRED[model.purpose as keyof typeof REQUIRED];
      if (needed && !model.capabilities.includes(needed)) {
        issues.push({
          path: ['models', i, 'capabilities'],
          near: ['models', i, 'purpose'],
          message: `purpose ${model.purpose} needs the "${needed}" capability`,
        });
      }
    });
    return issues;
  },
};
