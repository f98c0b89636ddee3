import { Ollama } from 'ollama';
import type { ModelSpec } from './catalog.ts';

type Info = Record<string, unknown>;

const num = (info: Info, key: string): number | undefined => {
  const v = info[key];
  return typeof v === 'number' ? v : Array.isArray(v) && typeof v[0] === 'number' ? Math.max(...(v as number[])) : undefined;
};

/**
 * A spec from `/api/show`'s `model_info` (GGUF keys `<arch>.block_count`, `<arch>.attention.head_count[_kv]`,
 * `<arch>.embedding_length`, `<arch>.context_length`, `<arch>.attention.key_length`) and the model's size from
 * `/api/tags`. Undefined when the architecture figures are missing (then the caller guesses from the size).
 */
export function specFromModelInfo(name: string, info: Info, sizeBytes: number, projectorBytes = 0): ModelSpec | undefined {
  const arch = String(info['general.architecture'] ?? '');
  const layers = num(info, `${arch}.block_count`);
  const heads = num(info, `${arch}.attention.head_count`);
  const embedding = num(info, `${arch}.embedding_length`);
  if (!arch || !layers || !heads || !embedding) return undefined;
  const kvHeads = num(info, `${arch}.attention.head_count_kv`) ?? heads;
  const headDim = num(info, `${arch}.attention.key_length`) ?? embedding / heads;
  const vocab = num(info, `${arch}.vocab_size`) ?? 32000;
  const embeddingModel = /bert/.test(arch);
  return {
    name, paramsB: (num(info, 'general.parameter_count') ?? 0) / 1e9, quantization: 'unknown', sizeBytes, projectorBytes,
    contextLength: num(info, `${arch}.context_length`) ?? 4096, layers, heads, kvHeads, headDim, embedding, vocab,
    kind: embeddingModel ? 'embedding' : 'chat',
    ...(embeddingModel || arch === 'gemma2' ? { noFlashAttention: true } : {}),
  };
}

/** Fetches a model's figures from a reachable Ollama (`/api/tags` for the size, `/api/show` for model_info). */
export async function fetchSpec(url: string, name: string, fetchFn?: typeof fetch): Promise<ModelSpec | undefined> {
  const client = new Ollama({ host: url, ...(fetchFn ? { fetch: fetchFn } : {}) });
  const tags = await client.list();
  const size = tags.models.find((m) => m.name === name)?.size;
  if (!size) return undefined;
  const show = await client.show({ model: name });
  return specFromModelInfo(name, (show.model_info ?? {}) as unknown as Info, size);
}
