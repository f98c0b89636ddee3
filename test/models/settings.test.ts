import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { instanceSettings } from '../../src/models/settings.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import { registry } from '../../src/services/registry.ts';

const load = () => loadConfig(resolve(import.meta.dirname, '../../platform.yaml'), registry);

describe('instanceSettings', () => {
  it('runs 2 parallel slots on the 16 GiB GPU when every placed model still fits, 1 on CPU', async () => {
    const p = makePlan(await load(), registry);
    const gpu = instanceSettings(p, p.services.find((s) => s.name === 'ollama-gpu')!);
    const cpu = instanceSettings(p, p.services.find((s) => s.name === 'ollama-cpu')!);
    expect(gpu).toMatchObject({ numParallel: 2, flashAttention: true, kvCacheType: 'q8_0', contextLength: 32768 });
    expect(cpu).toMatchObject({ numParallel: 1, flashAttention: false, kvCacheType: 'f16' });
  });
  it('drops to 1 slot when a placed model would not fit the card at twice the context memory', async () => {
    const config = await load();
    config.models.push({ ...config.models[0]!, name: 'deepseek-r1:14b', alias: 'big', keepLoaded: false, contextLength: 65536 });
    const p = makePlan(config, registry);
    expect(instanceSettings(p, p.services.find((s) => s.name === 'ollama-gpu')!).numParallel).toBe(1);
  });
});

describe('instanceSettings at one slot', () => {
  it('the 65536-token deepseek-r1:14b fits the 16 GiB card with one slot', async () => {
    const { estimateMemory } = await import('../../src/models/estimate.ts');
    const { CATALOG } = await import('../../src/models/catalog.ts');
    const rt = { contextLength: 65536, numParallel: 1, kvCacheType: 'q8_0' as const, flashAttention: true, gpuOverheadBytes: 0 };
    expect(estimateMemory(CATALOG.get('deepseek-r1:14b')!, rt).totalGpu).toBeLessThan(16 * 1024 ** 3);
  });
});
