import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { lookupModel } from '../../src/models/catalog.ts';
import { estimateMemory } from '../../src/models/estimate.ts';
import {
  effectiveParallel,
  gpuReservations,
  instanceSettings,
  ollamaVram,
} from '../../src/models/settings.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import { registry } from '../../src/services/registry.ts';

const GiB = 1024 ** 3;
const load = () => loadConfig(resolve(import.meta.dirname, '../../platform.yaml'), registry);
const ollama = (p: ReturnType<typeof makePlan>, name: string) => p.services.find((s) => s.name === name)!;

describe('instanceSettings', () => {
  it('runs 2 slots on the GPU when every placed model fits twice in what ComfyUI leaves, f16 on CPU', async () => {
    const p = makePlan(await load(), registry);
    expect(gpuReservations(p, 'akula-prime')).toEqual({ comfyui: 8 });
    expect(ollamaVram(p, 'akula-prime')).toBe(8 * GiB);
    const gpu = instanceSettings(p, ollama(p, 'ollama-gpu'));
    const cpu = instanceSettings(p, ollama(p, 'ollama-cpu'));
    expect(gpu).toMatchObject({
      numParallel: 2,
      flashAttention: true,
      kvCacheType: 'q8_0',
      contextLength: 32768,
    });
    expect(cpu).toMatchObject({ numParallel: 1, flashAttention: false, kvCacheType: 'f16' });
    // The reason: even gemma3:4b fits twice in 8 GiB, as five of its six layers cache a 1024-token window per slot.
    const twice = estimateMemory(lookupModel('gemma3:4b')!, { ...gpu, numParallel: 2, gpuOverheadBytes: 0 });
    expect(twice.totalGpu).toBeLessThan(8 * GiB);
  });

  it("runs 2 slots when the whole 16 GiB card is Ollama's (no other GPU service) and every model fits twice", async () => {
    const config = await load();
    config.services.comfyui = { enabled: false };
    const p = makePlan(config, registry);
    expect(ollamaVram(p, 'akula-prime')).toBe(16 * GiB);
    expect(instanceSettings(p, ollama(p, 'ollama-gpu')).numParallel).toBe(2);
  });

  it('drops to 1 slot when a placed model would not fit the card at twice the context memory', async () => {
    const config = await load();
    config.services.comfyui = { enabled: false };
    config.models.push({
      ...config.models[0]!,
      name: 'deepseek-r1:14b',
      alias: 'big',
      keepLoaded: false,
      contextLength: 65536,
    });
    const p = makePlan(config, registry);
    expect(instanceSettings(p, ollama(p, 'ollama-gpu')).numParallel).toBe(1);
  });
});

describe('effectiveParallel (server/sched.go load)', () => {
  it('keeps the setting for ordinary chat models', () => {
    expect(effectiveParallel(lookupModel('qwen2.5:7b')!, 4)).toEqual({ numParallel: 4 });
  });
  it('forces 1 for mllama (catalog name or reported architecture) and for embedding models', () => {
    expect(effectiveParallel(lookupModel('llama3.2-vision:11b')!, 4).numParallel).toBe(1);
    expect(effectiveParallel(lookupModel('qwen2.5:7b')!, 4, 'qwen3next').numParallel).toBe(1);
    expect(effectiveParallel(lookupModel('nomic-embed-text:v1.5')!, 4)).toEqual({
      numParallel: 1,
      reason: 'embedding models run 1 parallel slot',
    });
  });
  it('leaves gemma3 and llava (vision, but not on the list) at the setting', () => {
    expect(effectiveParallel(lookupModel('gemma3:4b')!, 2).numParallel).toBe(2);
    expect(effectiveParallel(lookupModel('llava:7b')!, 2).numParallel).toBe(2);
  });
});
