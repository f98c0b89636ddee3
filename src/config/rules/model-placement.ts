import { hasGpuNode, whyOff } from '../enabled.ts';
import type { ConfigRule, RuleIssue } from './types.ts';

/** A model is pulled into the Ollama instance its placement names, so that instance has to run. */
export const modelPlacement: ConfigRule = {
  id: 'model-placement',
  description: 'GPU models need ollama-gpu and a GPU node; CPU models need ollama-cpu ("both" needs both).',
  check({ config, enabled }) {
    const issues: RuleIssue[] = [];
    config.models.forEach((model, i) => {
      const path = ['models', i, 'placement'];
      const near = ['models', i];
      const where = model.placement;
      if (where !== 'cpu') {
        if (!enabled.has('ollama-gpu'))
          issues.push({
            path,
            near,
            message: `${where} placement needs ollama-gpu, ${whyOff(config, 'ollama-gpu')}`,
          });
        else if (!hasGpuNode(config))
          issues.push({
            path,
            near,
            message: `${where} placement needs a node with a GPU, but no node has one`,
          });
      }
      if (where !== 'gpu' && !enabled.has('ollama-cpu'))
        issues.push({
          path,
          near,
          message: `${where} placement needs ollama-cpu, ${whyOff(config, 'ollama-cpu')}`,
        });
    });
    return issues;
  },
};
