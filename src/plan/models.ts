import type { Config } from '../config/schema.ts';
import type { PlannedModel, PlanWarning } from './types.ts';

const INSTANCE = { gpu: 'ollama-gpu', cpu: 'ollama-cpu' } as const;

/**
 * Which Ollama instances serve each model: gpu → ollama-gpu, cpu → ollama-cpu, both → both. A model whose
 * instance is off falls back to the other one, with a warning.
 */
export function planModels(
  config: Config,
  enabled: ReadonlySet<string>,
): { models: PlannedModel[]; warnings: PlanWarning[] } {
  const warnings: PlanWarning[] = [];
  const models = config.models.map((model, i) => {
    const configPath = `models[${i}]`;
    const wanted = model.placement === 'both' ? [INSTANCE.gpu, INSTANCE.cpu] : [INSTANCE[model.placement]];
    let instances: string[] = wanted.filter((s) => enabled.has(s));
    if (instances.length === 0) {
      const fallback = [INSTANCE.gpu, INSTANCE.cpu].filter((s) => enabled.has(s) && !wanted.includes(s));
      instances = fallback;
      warnings.push({
        message: fallback.length
          ? `model ${model.name} is placed on ${model.placement}, but ${wanted.join(' and ')} is off; serving it from ${fallback.join(', ')}`
          : `model ${model.name} is not served: neither ollama-gpu nor ollama-cpu runs`,
        configPath,
      });
    }
    return { model, instances, alias: model.alias ?? model.name, configPath };
  });
  return { models, warnings };
}
