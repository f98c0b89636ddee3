import { Ollama } from 'ollama';
import type { ModelSpec } from './catalog.ts';
import type { ShownModel } from './planner.ts';
import { withTag } from './sync.ts';

type Info = Record<string, unknown>;

const num = (info: Info, key: string): number | undefined => {
  const v = info[key];
  return typeof v === 'number'
    ? v
    : Array.isArray(v) && typeof v[0] === 'number'
      ? Math.max(...(v as number[]))
      : undefined;
};

/**
 * A spec from `/api/show`'s `model_info` (GGUF keys `<arch>.block_count`, `<arch>.attention.head_count[_kv]`,
 * `<arch>.embedding_length`, `<arch>.context_length`, `<arch>.attention.key_length` / `value_length`) and the
 * model's size from `/api/tags`. Undefined when the architecture figures are missing (then the caller guesses
 * from the size). `capabilities` is `/api/show`'s list: a model without `completion` is an embedding model.
 */
export function specFromModelInfo(
  name: string,
  info: Info,
  sizeBytes: number,
  capabilities?: string[],
): ModelSpec | undefined {
  const arch = String(info['general.architecture'] ?? '');
  const layers = num(info, `${arch}.block_count`);
  const heads = num(info, `${arch}.attention.head_count`);
  const embedding = num(info, `${arch}.embedding_length`);
  if (!arch || !layers || !heads || !embedding) return undefined;
  const kvHeads = num(info, `${arch}.attention.head_count_kv`) ?? heads;
  const keyLength = num(info, `${arch}.attention.key_length`) ?? embedding / heads;
  // The KV cache holds K and V; the estimate counts 2 × headDim, so use their mean when they differ.
  const headDim = (keyLength + (num(info, `${arch}.attention.value_length`) ?? keyLength)) / 2;
  const vocab = num(info, `${arch}.vocab_size`) ?? 32000;
  const embeddingModel =
    /bert/.test(arch) || (capabilities !== undefined && !capabilities.includes('completion'));
  return {
    name,
    paramsB: (num(info, 'general.parameter_count') ?? 0) / 1e9,
    quantization: 'unknown',
    sizeBytes,
    projectorBytes: 0,
    contextLength: num(info, `${arch}.context_length`) ?? 4096,
    layers,
    heads,
    kvHeads,
    headDim,
    embedding,
    vocab,
    kind: embeddingModel ? 'embedding' : 'chat',
    ...(embeddingModel || arch === 'gemma2' ? { noFlashAttention: true } : {}),
  };
}

/** Fetches a model's figures from a reachable Ollama (`/api/tags` for the size, `/api/show` for model_info). */
export async function fetchSpec(
  url: string,
  name: string,
  fetchFn?: typeof fetch,
): Promise<ModelSpec | undefined> {
  const shown = await showModels([url], [name], { fetch: fetchFn });
  return shown.shown.get(name)?.spec;
}

/** Options of `showModels`: a short timeout per request (a plan must not hang on an unreachable cluster). */
export interface ShowOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function clientFor(url: string, opts: ShowOptions): Ollama {
  const base = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 3000;
  const timed: typeof fetch = (input, init) =>
    base(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  return new Ollama({ host: url, fetch: timed });
}

/**
 * Asks the Ollama instances at `urls`, in order, for the figures of `names`: `/api/tags` once per instance for
 * the sizes, then `/api/show` for each model it has. Returns what it learned and one note per instance that could
 * not be reached and per model no instance had (the planner then guesses from the size, and says so).
 */
export async function showModels(
  urls: readonly string[],
  names: readonly string[],
  opts: ShowOptions = {},
): Promise<{ shown: Map<string, ShownModel>; notes: string[] }> {
  const shown = new Map<string, ShownModel>();
  const notes: string[] = [];
  if (!names.length) return { shown, notes };
  for (const url of urls) {
    const wanted = names.filter((n) => !shown.get(n)?.spec);
    if (!wanted.length) break;
    const client = clientFor(url, opts);
    let sizes: Map<string, number>;
    try {
      sizes = new Map((await client.list()).models.map((m) => [m.name, m.size]));
    } catch (e) {
      notes.push(`Ollama at ${url} is unreachable (${message(e)})`);
      continue;
    }
    for (const name of wanted) {
      const size = sizes.get(name) ?? sizes.get(withTag(name));
      if (size === undefined) continue;
      try {
        const show = await client.show({ model: name });
        const info = (show.model_info ?? {}) as unknown as Info;
        const spec = specFromModelInfo(name, info, size, show.capabilities);
        const architecture =
          typeof info['general.architecture'] === 'string' ? info['general.architecture'] : undefined;
        shown.set(name, {
          sizeBytes: size,
          ...(spec ? { spec } : {}),
          ...(architecture ? { architecture } : {}),
        });
      } catch (e) {
        shown.set(name, { sizeBytes: size });
        notes.push(`/api/show ${name} at ${url} failed (${message(e)})`);
      }
    }
  }
  for (const name of names) {
    const s = shown.get(name);
    if (s?.spec) continue;
    notes.push(
      s
        ? `${name}: Ollama lists it (${(s.sizeBytes! / 1e9).toFixed(1)} GB) but /api/show gave no architecture figures; planned from its size`
        : `${name}: no reachable Ollama has it pulled; planned from a size guess`,
    );
  }
  return { shown, notes };
}
