import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { ModelConfig } from '../../src/config/schema.ts';
import { planModels } from '../../src/models/planner.ts';
import { modelPlanJson, modelPlanText } from '../../src/models/plan-view.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import { registry } from '../../src/services/registry.ts';

const GiB = 1024 ** 3;
const root = resolve(import.meta.dirname, '../..');
const defaultConfig = () => loadConfig(resolve(root, 'platform.yaml'), registry);

describe('planModels on the default platform', () => {
  it('places every model from the catalog and fits the 16 GiB RTX 5080 plus the CPU node', async () => {
    const mp = planModels(makePlan(await defaultConfig(), registry));
    const gpu = mp.instances.find((i) => i.kind === 'gpu')!;
    expect(gpu.budget).toBe(16 * GiB);
    for (const i of mp.instances) {
      for (const m of i.models) {
        expect(m.guessed, m.model).toBe(false);
        expect(m.fit, `${m.model} on ${i.instance}`).toBe('full');
      }
      expect(i.keepLoadedBytes).toBeLessThanOrEqual(i.budget);
    }
    expect(mp.instances.map((i) => i.instance).sort()).toEqual(['ollama-cpu', 'ollama-gpu']);
  });

  it('with --reserve declared subtracts the other GPU services from the budget', async () => {
    const p = makePlan(await defaultConfig(), registry);
    const gpu = planModels(p, 'declared').instances.find((i) => i.kind === 'gpu')!;
    const declared = Object.values(gpu.reserved).reduce((a, b) => a + b, 0);
    expect(declared).toBeGreaterThan(0);
    expect(gpu.budget).toBe(Math.max(0, 16 - declared) * GiB);
  });

  it('a 72B model on the GPU fits only partly and says what would make it fit', async () => {
    const config = await defaultConfig();
    const big: ModelConfig = { ...config.models[0]!, name: 'qwen2.5:72b', alias: 'big', keepLoaded: false };
    config.models.push(big);
    const mp = planModels(makePlan(config, registry));
    const fit = mp.instances.find((i) => i.kind === 'gpu')!.models.find((m) => m.model === 'qwen2.5:72b')!;
    expect(fit.fit).toBe('partial');
    expect(fit.gpuLayers).toBeLessThan(fit.estimate.offloadableLayers);
    expect(modelPlanText(mp)).toMatch(/qwen2\.5:72b .*partly \(\d+\/81 layers on CPU\)/);
    expect(JSON.parse(modelPlanJson(mp)).instances.length).toBe(mp.instances.length);
  });

  it('flags a model outside the catalog as a guess', async () => {
    const config = await defaultConfig();
    config.models.push({ ...config.models[0]!, name: 'someone/custom:7b', alias: 'custom', keepLoaded: false });
    const mp = planModels(makePlan(config, registry));
    const m = mp.instances.flatMap((i) => i.models).find((x) => x.model === 'someone/custom:7b')!;
    expect(m.guessed).toBe(true);
    expect(modelPlanText(mp)).toContain('guess: not in catalog');
  });
});
