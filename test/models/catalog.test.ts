import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/models/catalog.ts';

const specs = [...CATALOG.values()];
// Architectures whose config.json sets head_dim explicitly instead of hidden_size / num_attention_heads.
const EXPLICIT_HEAD_DIM = /^(gemma2|gemma3|qwen3|mistral-nemo):/;
// Bits per weight a GGUF of each type can have: the K-quants mix in Q6_K for the output and some FFN tensors, and small
// models carry a relatively large embedding; Q8_0 and F16 are uniform.
const BPW: Record<string, [number, number]> = {
  Q4_0: [4.4, 5.0],
  Q4_K_M: [4.3, 6.6],
  Q8_0: [8.3, 8.8],
  F16: [15.5, 17.5],
};

describe('catalog invariants', () => {
  it('holds at least 30 models, all named name:tag', () => {
    expect(specs.length).toBeGreaterThanOrEqual(30);
    for (const s of specs) expect(s.name, s.name).toMatch(/^[a-z0-9.-]+:[a-z0-9.]+$/);
  });

  it.each(specs)('$name: KV heads divide the attention heads', (s) => {
    expect(s.heads % s.kvHeads).toBe(0);
  });

  it.each(specs.filter((s) => !EXPLICIT_HEAD_DIM.test(s.name)))(
    '$name: head dim × heads = embedding',
    (s) => {
      expect(s.headDim * s.heads).toBe(s.embedding);
    },
  );

  it.each(specs)('$name: the file size fits its parameter count at its quantization', (s) => {
    const [lo, hi] = BPW[s.quantization] ?? [0, 0];
    const textBits = ((s.sizeBytes - s.projectorBytes) * 8) / (s.paramsB * 1e9);
    expect(textBits).toBeGreaterThanOrEqual(lo);
    expect(textBits).toBeLessThanOrEqual(hi);
  });

  it.each(specs)('$name: kind-specific facts', (s) => {
    if (s.kind === 'vision') expect(s.projectorBytes).toBeGreaterThan(0);
    else expect(s.projectorBytes).toBe(0);
    if (s.kind === 'embedding') {
      // BERT-style embedders: no flash attention in Ollama, and the one embedding matrix is all there is.
      expect(s.noFlashAttention).toBe(true);
      expect(s.untiedEmbeddings).toBe(false);
    }
    expect(s.contextLength).toBeGreaterThanOrEqual(512);
    expect(typeof s.untiedEmbeddings).toBe('boolean');
  });
});
