import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/models/catalog.ts';
import { estimateMemory } from '../../src/models/estimate.ts';
import { specFromModelInfo } from '../../src/models/ollama-client.ts';

// model_info of llama3.1:8b as `POST /api/show` returns it (GGUF metadata keys; tokenizer arrays omitted).
const LLAMA31_INFO = {
  'general.architecture': 'llama',
  'general.parameter_count': 8030261248,
  'llama.block_count': 32,
  'llama.attention.head_count': 32,
  'llama.attention.head_count_kv': 8,
  'llama.embedding_length': 4096,
  'llama.context_length': 131072,
  'llama.vocab_size': 128256,
  'llama.rope.dimension_count': 128,
};

describe('specFromModelInfo', () => {
  it('reads the architecture keys and estimates like the catalog entry', () => {
    const spec = specFromModelInfo('llama3.1:8b', LLAMA31_INFO, 4920734016)!;
    expect(spec).toMatchObject({
      layers: 32,
      heads: 32,
      kvHeads: 8,
      headDim: 128,
      embedding: 4096,
      vocab: 128256,
    });
    const rt = {
      contextLength: 8192,
      numParallel: 1,
      kvCacheType: 'f16' as const,
      flashAttention: false,
      gpuOverheadBytes: 0,
    };
    const a = estimateMemory(spec, rt).totalGpu;
    const b = estimateMemory(CATALOG.get('llama3.1:8b')!, rt).totalGpu;
    expect(Math.abs(a - b) / b).toBeLessThan(0.02);
  });
  it('returns undefined when the figures are missing, so the caller guesses', () => {
    expect(specFromModelInfo('x:1b', { 'general.architecture': 'llama' }, 1e9)).toBeUndefined();
  });
  it('treats BERT embedders as embedding models without flash attention', () => {
    const s = specFromModelInfo(
      'nomic-embed-text:v1.5',
      {
        'general.architecture': 'nomic-bert',
        'nomic-bert.block_count': 12,
        'nomic-bert.attention.head_count': 12,
        'nomic-bert.embedding_length': 768,
        'nomic-bert.context_length': 2048,
      },
      274302450,
    )!;
    expect(s.kind).toBe('embedding');
    expect(s.noFlashAttention).toBe(true);
  });
});
