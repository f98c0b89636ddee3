import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { Config, ModelConfig } from '../../src/config/schema.ts';
import { lookupModel } from '../../src/models/catalog.ts';
import { estimateMemory } from '../../src/models/estimate.ts';
import { specFromModelInfo } from '../../src/models/ollama-client.ts';
import { planModels, uncatalogued, type ModelPlan } from '../../src/models/planner.ts';
import { modelPlanJson, modelPlanText } from '../../src/models/plan-view.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import { registry } from '../../src/services/registry.ts';

const GiB = 1024 ** 3;
const root = resolve(import.meta.dirname, '../..');
const defaultConfig = () => loadConfig(resolve(root, 'platform.yaml'), registry);
const gpuOf = (mp: ModelPlan) => mp.instances.find((i) => i.kind === 'gpu')!;
const fitOf = (mp: ModelPlan, model: string) =>
  mp.instances.flatMap((i) => i.models).find((m) => m.model === model)!;
const extra = (config: Config, m: Partial<ModelConfig>): void => {
  config.models.push({
    ...config.models[0]!,
    keepLoaded: false,
    contextLength: undefined,
    ...m,
  } as ModelConfig);
};

describe('planModels on the default platform', () => {
  it('budgets the 16 GiB card minus the declared VRAM of the GPU services beside Ollama, and every model fits', async () => {
    const p = makePlan(await defaultConfig(), registry);
    const mp = planModels(p);
    const gpu = gpuOf(mp);
    const declared = p.services
      .filter((s) => s.def.gpu && !s.name.startsWith('ollama-'))
      .map((s) => s.def.gpu!.vramGiB);
    expect(gpu.cardBytes).toBe(16 * GiB);
    expect(gpu.budget).toBe((16 - declared.reduce((a, b) => a + b, 0)) * GiB);
    expect(Object.keys(gpu.reserved).sort()).toEqual(
      p.services
        .filter((s) => s.def.gpu && !s.name.startsWith('ollama-'))
        .map((s) => s.name)
        .sort(),
    );
    for (const i of mp.instances) {
      for (const m of i.models) {
        expect(m.source, m.model).toBe('catalog');
        expect(m.fit, `${m.model} on ${i.instance}`).toBe('full');
      }
      expect(i.keepLoadedBytes).toBeLessThanOrEqual(i.budget);
      expect(i.overcommitted).toBe(false);
    }
    expect(mp.instances.map((i) => i.instance).sort()).toEqual(['ollama-cpu', 'ollama-gpu']);
    expect(modelPlanText(mp)).toMatch(/keepLoaded models .* of 16\.0 GiB, fit the card/);
    // nomic-embed-text is BERT: no flash attention, so its KV cache stays f16 on the q8_0 GPU instance.
    expect(gpu.settings.kvCacheType).toBe('q8_0');
    expect(modelPlanText(mp)).toMatch(/nomic-embed-text:v1\.5 .*KV f16: no flash attention for this model/);
    expect(modelPlanText(mp)).not.toMatch(/qwen2\.5:7b .*no flash attention/);
  });

  it("with --reserve none budgets the whole card but still reports the other services' VRAM", async () => {
    const gpu = gpuOf(planModels(makePlan(await defaultConfig(), registry), { reserve: 'none' }));
    expect(gpu.budget).toBe(16 * GiB);
    expect(Object.values(gpu.reserved).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('says so when the GPU services and the keepLoaded models together exceed the card', async () => {
    const config = await defaultConfig();
    config.services.audio = { enabled: true };
    config.services.video = { enabled: true };
    const mp = planModels(makePlan(config, registry));
    const gpu = gpuOf(mp);
    expect(gpu.reserved).toMatchObject({ audio: 6, video: 10 });
    expect(gpu.budget).toBe(0);
    expect(gpu.overcommitted).toBe(true);
    expect(gpu.models.every((m) => m.fit === 'none')).toBe(true);
    expect(modelPlanText(mp)).toMatch(/other GPU services \d+\.0 GiB = .* of 16\.0 GiB, EXCEED the card/);
  });

  it('a 72B model on the GPU fits only partly and says what would make it fit', async () => {
    const config = await defaultConfig();
    extra(config, { name: 'qwen2.5:72b', alias: 'big' });
    const mp = planModels(makePlan(config, registry));
    const fit = fitOf(mp, 'qwen2.5:72b');
    expect(fit.fit).toBe('partial');
    expect(fit.gpuLayers).toBeLessThan(fit.estimate.offloadableLayers);
    expect(modelPlanText(mp)).toMatch(/qwen2\.5:72b .*partly \(\d+\/81 layers on CPU\)/);
    expect(JSON.parse(modelPlanJson(mp)).instances.length).toBe(mp.instances.length);
  });
});

describe('planModels: one parallel slot where Ollama forces it', () => {
  // A 24 GiB card without other GPU services: the instance runs 2 slots, which mllama and embeddings do not get.
  const bigCard = async () => {
    const config = await defaultConfig();
    config.services.comfyui = { enabled: false };
    config.cluster.nodes.find((n) => n.gpus.length)!.gpus[0]!.vramGiB = 24;
    config.models = config.models.filter((m) => m.purpose !== 'vision');
    extra(config, { name: 'llama3.2-vision:11b', alias: 'vision', purpose: 'vision', placement: 'gpu' });
    return config;
  };

  it('budgets llama3.2-vision (mllama) and the embedding model with 1 slot and says why', async () => {
    const mp = planModels(makePlan(await bigCard(), registry));
    const gpu = gpuOf(mp);
    expect(gpu.settings.numParallel).toBe(2);
    const vision = gpu.models.find((m) => m.model === 'llama3.2-vision:11b')!;
    const chat = gpu.models.find((m) => m.model === 'qwen2.5:7b')!;
    const embed = gpu.models.find((m) => m.model === 'nomic-embed-text:v1.5')!;
    expect([vision.numParallel, chat.numParallel, embed.numParallel]).toEqual([1, 2, 1]);
    // One slot: less KV cache than the instance's two slots would take at the same context (only the self-attention
    // layers grow with slots; the cross-attention layers cache the image tokens once).
    const twoSlots = estimateMemory(lookupModel('llama3.2-vision:11b')!, { ...gpu.settings, numParallel: 2 });
    expect(vision.estimate.kvCache).toBeLessThan(twoSlots.kvCache);
    expect(vision.parallelNote).toBe('Ollama forces 1 parallel slot for the mllama architecture');
    expect(modelPlanText(mp)).toMatch(
      /llama3\.2-vision:11b .*1 slot: Ollama forces 1 parallel slot for the mllama architecture/,
    );
    expect(modelPlanText(mp)).toMatch(
      /nomic-embed-text:v1\.5 .*1 slot: embedding models run 1 parallel slot/,
    );
  });

  it('applies the rule to an uncatalogued model by the architecture Ollama reports', async () => {
    const config = await bigCard();
    extra(config, { name: 'someone/vlm:11b', alias: 'vlm' });
    const p = makePlan(config, registry);
    const info = {
      'general.architecture': 'mllama',
      'mllama.block_count': 40,
      'mllama.attention.head_count': 32,
      'mllama.attention.head_count_kv': 8,
      'mllama.embedding_length': 4096,
      'mllama.context_length': 131072,
    };
    const spec = specFromModelInfo('someone/vlm:11b', info, 7.9e9)!;
    const mp = planModels(p, {
      shown: new Map([['someone/vlm:11b', { spec, architecture: 'mllama', sizeBytes: 7.9e9 }]]),
    });
    expect(fitOf(mp, 'someone/vlm:11b')).toMatchObject({ source: 'ollama', numParallel: 1 });
  });
});

describe('planModels: where the figures come from', () => {
  it('marks catalog, Ollama-reported and guessed figures and calls out the guess', async () => {
    const config = await defaultConfig();
    extra(config, { name: 'someone/custom:7b', alias: 'custom' });
    extra(config, { name: 'someone/known:8b', alias: 'known' });
    const p = makePlan(config, registry);
    expect(uncatalogued(p)).toEqual(['someone/custom:7b', 'someone/known:8b']);
    const info = {
      'general.architecture': 'llama',
      'llama.block_count': 32,
      'llama.attention.head_count': 32,
      'llama.attention.head_count_kv': 8,
      'llama.embedding_length': 4096,
      'llama.context_length': 8192,
    };
    const spec = specFromModelInfo('someone/known:8b', info, 4.9e9)!;
    const mp = planModels(p, {
      shown: new Map([['someone/known:8b', { spec, architecture: 'llama' }]]),
      notes: ['Ollama at http://x is unreachable'],
    });
    expect(fitOf(mp, 'qwen2.5:7b').source).toBe('catalog');
    expect(fitOf(mp, 'someone/known:8b')).toMatchObject({ source: 'ollama', guessed: false });
    expect(fitOf(mp, 'someone/custom:7b')).toMatchObject({ source: 'guess', guessed: true });
    const text = modelPlanText(mp);
    expect(text).toMatch(/someone\/known:8b\s+known\s+ollama \/api\/show/);
    expect(text).toMatch(/someone\/custom:7b\s+custom\s+GUESS \(size\)/);
    expect(text).toContain('Guessed: someone/custom:7b is not in the catalog');
    expect(text).toContain('Note: Ollama at http://x is unreachable');
    expect(JSON.parse(modelPlanJson(mp)).notes).toEqual(['Ollama at http://x is unreachable']);
  });

  it('guesses from the size Ollama lists when /api/show lacks the architecture keys', async () => {
    const config = await defaultConfig();
    extra(config, { name: 'someone/tiny:1b', alias: 'tiny' });
    const p = makePlan(config, registry);
    const small = planModels(p, { shown: new Map([['someone/tiny:1b', { sizeBytes: 0.8e9 }]]) });
    const assumed = planModels(p);
    expect(fitOf(small, 'someone/tiny:1b').source).toBe('guess');
    expect(fitOf(small, 'someone/tiny:1b').estimate.weights).toBeLessThan(
      fitOf(assumed, 'someone/tiny:1b').estimate.weights / 4,
    );
  });
});
