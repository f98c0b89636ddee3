import { describe, expect, it } from 'vitest';
import { CATALOG, type ModelSpec } from '../../src/models/catalog.ts';
import { estimateMemory, layersThatFit, type RuntimeSettings } from '../../src/models/estimate.ts';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const f16 = (contextLength: number, numParallel: number): RuntimeSettings => ({
  contextLength,
  numParallel,
  kvCacheType: 'f16',
  flashAttention: false,
  gpuOverheadBytes: 0,
});
const spec = (name: string) => {
  const s = CATALOG.get(name);
  if (!s) throw new Error(`${name} not in catalog`);
  return s;
};

// Ollama's own totals for a FULLY offloaded model: `memory.required.full` of the scheduler's `msg=offload` log line
// (= `/api/ps` size = `ollama ps` SIZE, = `runner.size` in the debug log), quoted in public Ollama issues with the
// context (`--ctx-size` = num_ctx × parallel) and KV type (f16: flash attention off) they were measured at.
// CUDA partial offloads are left out: their required.full counts the larger partial graph plus the CPU overflow.
const TOTALS: { model: string; spec?: Partial<ModelSpec>; rt: RuntimeSettings; full: number }[] = [
  // https://github.com/ollama/ollama/issues/11292 — llama3.1:8b, --ctx-size 8192 --parallel 4:
  // memory.required.full="6.5 GiB" memory.required.kv="1.0 GiB"
  { model: 'llama3.1:8b', rt: f16(2048, 4), full: 6.5 * GiB },
  // https://github.com/ollama/ollama/issues/10319 — qwen2.5 7B, --ctx-size 8192 --parallel 4:
  // memory.required.full="5.6 GiB" memory.required.kv="448.0 MiB"
  { model: 'qwen2.5:7b', rt: f16(2048, 4), full: 5.6 * GiB },
  // https://github.com/ollama/ollama/issues/9988 — rick-github's table, qwen2.5-coder:32b, parallel 1, Ollama
  // 0.5.0–0.6.0, /api/ps size in MiB: num_ctx 2048 → 20090, 4096 → 20651, 8192 → 22019, 16384 → 24755
  { model: 'qwen2.5-coder:32b', rt: f16(2048, 1), full: 20090 * MiB },
  { model: 'qwen2.5-coder:32b', rt: f16(4096, 1), full: 20651 * MiB },
  { model: 'qwen2.5-coder:32b', rt: f16(8192, 1), full: 22019 * MiB },
  { model: 'qwen2.5-coder:32b', rt: f16(16384, 1), full: 24755 * MiB },
  // https://github.com/ollama/ollama/issues/6348 — mistral (7B v0.3, blob ff82381e2bea: the 4.1 GB Q4_0 build that
  // `mistral` was in Aug 2024; nonrepeating 105.0 MiB = its 32768-token Q6_K output), --ctx-size 2048 --parallel 1:
  // memory.required.full="4.8 GiB" memory.required.kv="256.0 MiB"
  {
    model: 'mistral:7b',
    spec: { sizeBytes: 4.1e9, quantization: 'Q4_0' },
    rt: f16(2048, 1),
    full: 4.8 * GiB,
  },
  // https://github.com/ollama/ollama/issues/10874 — llama3:latest (8B Q4_0) on Metal, 32 of 33 layers offloaded:
  // `runner.size="5.5 GiB" runner.vram="5.1 GiB" runner.parallel=1 ... runner.num_ctx=4096`. runner.size is the
  // estimator's TotalSize; on Metal the partial graph equals the full one, so a partial offload's TotalSize is the
  // full-offload total (the minimum there is 512 MiB, not CUDA's 457: a 1% difference).
  { model: 'llama3:8b', rt: f16(4096, 1), full: 5.5 * GiB },
  // same issue and log — llama2:latest (7B Q4_0, 32 KV heads), 25 of 33 layers on Metal:
  // `runner.size="6.5 GiB" runner.vram="5.2 GiB" runner.parallel=1 runner.num_ctx=4096`
  { model: 'llama2:7b', rt: f16(4096, 1), full: 6.5 * GiB },
  // https://github.com/ollama/ollama/issues/9311 — llama3.2-vision (11B), --ctx-size 2048 --parallel 1, full offload:
  // projector.weights="1.8 GiB" projector.graph="2.8 GiB" memory.required.full="11.3 GiB" memory.required.kv="656.2 MiB"
  { model: 'llama3.2-vision:11b', rt: f16(2048, 1), full: 11.3 * GiB },
  // https://github.com/ollama/ollama/pull/12000 — gemma3 12B (text weights 6.8 GiB + projector 795.9 MiB = the 8.1 GB
  // gemma3:12b), --ctx-size 8192 --parallel 1, 48 of 49 layers: memory.required.full="11.4 GiB" with
  // memory.graph.partial="1.3 GiB"; a full offload reserves memory.graph.full="519.5 MiB" instead: 11.4 − 1.3 + 0.5
  { model: 'gemma3:12b', rt: f16(8192, 1), full: (11.4 - 1.3) * GiB + 519.5 * MiB },
];

const KV = [
  // https://github.com/ollama/ollama/issues/9311 — llama3.2-vision, ctx 2048: 32 self-attention layers + 8 cross-attention
  // layers caching 1601 × 4 image tokens in f32: memory.required.kv="656.2 MiB"
  { model: 'llama3.2-vision:11b', rt: f16(2048, 1), kv: 656.2 * MiB },
  // https://github.com/ollama/ollama/issues/10341 — gemma3 12B, OLLAMA_CONTEXT_LENGTH 2048: memory.required.kv="608.0 MiB"
  // (8 global layers × 2048 + 40 sliding layers × (1024 + 512))
  { model: 'gemma3:12b', rt: f16(2048, 1), kv: 608 * MiB },
  // https://github.com/ollama/ollama/pull/12000 — gemma3 12B, --ctx-size 8192: memory.required.kv="992.0 MiB"
  { model: 'gemma3:12b', rt: f16(8192, 1), kv: 992 * MiB },
  // (The 43.1 GiB required.full of this line is left out of TOTALS: a partial offload of a Q4_K_M build.)
  // https://github.com/ollama/ollama/issues/5913 — llama3:70b ctx 2048: memory.required.kv 640.0 MiB
  { model: 'llama3:70b', rt: f16(2048, 1), kv: 640 * MiB },
  // https://github.com/ollama/ollama/issues/11292 — llama3.1:8b: memory.required.kv 1.0 GiB
  { model: 'llama3.1:8b', rt: f16(2048, 4), kv: 1.0 * GiB },
  // https://github.com/ollama/ollama/issues/9091 — qwen2.5 14B, n_ctx 8192 f16: "CUDA0 KV buffer size = 1536.00 MiB"
  { model: 'qwen2.5:14b', rt: f16(2048, 4), kv: 1536 * MiB },
  // https://github.com/intel/ipex-llm/issues/13277 — qwen2.5-coder:14b (49 layers), ctx 4096: required.kv 768.0 MiB
  { model: 'qwen2.5-coder:14b', rt: f16(4096, 1), kv: 768 * MiB },
  // https://github.com/ollama/ollama/issues/10801 — qwen2.5vl:7b (same 28-layer, 4-KV-head text body), ctx 4096: kv 224.0 MiB
  { model: 'qwen2.5:7b', rt: f16(4096, 1), kv: 224 * MiB },
];

describe('estimateMemory against published Ollama figures', () => {
  it('covers at least eight distinct models', () => {
    expect(new Set(TOTALS.map((t) => t.model)).size).toBeGreaterThanOrEqual(8);
  });
  it.each(TOTALS)(
    '$model at $rt.contextLength × $rt.numParallel within ±10% of Ollama’s total',
    ({ model, spec: build, rt, full }) => {
      const e = estimateMemory({ ...spec(model), ...build }, rt);
      expect(Math.abs(e.totalGpu - full) / full).toBeLessThan(0.1);
    },
  );
  it.each(KV)('$model KV cache within ±10% of the logged KV size', ({ model, rt, kv }) => {
    const e = estimateMemory(spec(model), rt);
    expect(Math.abs(e.kvCache - kv) / kv).toBeLessThan(0.1);
  });
});

describe('estimateMemory terms', () => {
  const llama = spec('llama3.1:8b');
  it('halves the KV cache with q8_0 and quarters it with q4_0, only with flash attention', () => {
    const base = estimateMemory(llama, f16(8192, 1)).kvCache;
    const fa = (t: 'q8_0' | 'q4_0') => ({ ...f16(8192, 1), flashAttention: true, kvCacheType: t });
    expect(estimateMemory(llama, fa('q8_0')).kvCache).toBe(base / 2);
    expect(estimateMemory(llama, fa('q4_0')).kvCache).toBe(base / 4);
    expect(estimateMemory(llama, { ...fa('q8_0'), flashAttention: false }).kvCache).toBe(base);
  });
  it('keeps f16 for models without flash attention (gemma2, embedders)', () => {
    const g = spec('gemma2:9b');
    const rt = { ...f16(4096, 1), flashAttention: true, kvCacheType: 'q4_0' as const };
    expect(estimateMemory(g, rt).kvTypeUsed).toBe('f16');
  });
  it('adds the per-GPU minimum and OLLAMA_GPU_OVERHEAD', () => {
    const a = estimateMemory(llama, f16(4096, 1));
    const b = estimateMemory(llama, { ...f16(4096, 1), gpuOverheadBytes: GiB });
    expect(a.gpuFixed).toBe(457 * MiB);
    expect(b.totalGpu - a.totalGpu).toBe(GiB);
  });
  it('spills layers to CPU when the budget is short, and none fit below the fixed part', () => {
    const e = estimateMemory(spec('llama3.1:70b'), f16(4096, 1));
    const n = layersThatFit(e, 16 * GiB);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(e.offloadableLayers);
    expect(layersThatFit(e, 0.5 * GiB)).toBe(0);
    expect(layersThatFit(e, 64 * GiB)).toBe(e.offloadableLayers);
  });
});

describe('catalog', () => {
  it('holds at least 30 models with consistent figures', () => {
    expect(CATALOG.size).toBeGreaterThanOrEqual(30);
    for (const s of CATALOG.values()) {
      expect(s.heads % s.kvHeads, s.name).toBe(0);
      expect(s.projectorBytes, s.name).toBeLessThan(s.sizeBytes);
    }
  });
});
