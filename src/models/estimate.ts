import type { ModelSpec } from './catalog.ts';

/** KV cache element types Ollama accepts in OLLAMA_KV_CACHE_TYPE. */
export type KvCacheType = 'f16' | 'q8_0' | 'q4_0';

/** Runtime settings that change a model's memory (tech-facts §2.2, §2.3). */
export interface RuntimeSettings {
  contextLength: number;
  numParallel: number;
  kvCacheType: KvCacheType;
  flashAttention: boolean;
  /** OLLAMA_GPU_OVERHEAD in bytes. */
  gpuOverheadBytes: number;
}

/** What one loaded model needs, in bytes. */
export interface MemoryEstimate {
  /** Weights Ollama places on the GPU: everything but the projector and an untied token embedding. */
  weights: number;
  projector: number;
  kvCache: number;
  /** Compute graph: the text model's, plus the vision projector's where Ollama sizes one. */
  graph: number;
  /** One extra repeating layer (weights + KV) Ollama reserves as a buffer. */
  layerBuffer: number;
  /** Per-GPU minimum (457 MiB on CUDA) + OLLAMA_GPU_OVERHEAD. */
  gpuFixed: number;
  /** Everything on the GPU when fully offloaded. */
  totalGpu: number;
  /** Everything in RAM when run on CPU only (no GPU fixed costs). */
  totalCpu: number;
  /** Bytes of one repeating layer including its KV share. */
  layerBytes: number;
  /** block_count + 1 (the output layer). */
  offloadableLayers: number;
  /** The KV type actually used (f16 when flash attention is off or unsupported). */
  kvTypeUsed: KvCacheType;
}

const MiB = 1024 * 1024;
/** `MinimumMemory()` on CUDA/ROCm in the historical estimator. */
export const GPU_MINIMUM_BYTES = 457 * MiB;
const KV_BYTES: Record<KvCacheType, number> = { f16: 2, q8_0: 1, q4_0: 0.5 };
const BATCH = 512;
// Output layer: embedding × vocab stored at about Q6_K (6.5625 bits per weight) in Ollama's default quants.
const OUTPUT_BITS = 6.5625;
// Bits per weight of the token embedding: llama.cpp stores it at the file's base type (Q4_K and Q4_0 are 4.5 bpw).
const EMBEDDING_BITS: Record<string, number> = { Q4_K_M: 4.5, Q4_0: 4.5, Q8_0: 8.5, F16: 16 };

/** Bytes of a separate token-embedding matrix, which llama.cpp keeps in system RAM (0 when tied to the output). */
export function inputEmbeddingBytes(spec: ModelSpec): number {
  if (spec.untiedEmbeddings === false) return 0;
  return (spec.vocab * spec.embedding * (EMBEDDING_BITS[spec.quantization] ?? 4.5)) / 8;
}

// mllama: each cross-attention layer caches 1601 vision tokens × 4 tiles in f32, whatever the context.
const MLLAMA_VISION_TOKENS = 1601 * 4;

/** KV cache bytes of all layers, per Ollama's GraphSize: sliding-window and cross-attention layers cache less. */
function kvCacheBytes(
  spec: ModelSpec,
  ctxEff: number,
  numParallel: number,
  batch: number,
  bytes: number,
): number {
  const perToken = 2 * spec.headDim * spec.kvHeads;
  const cross = spec.crossAttentionLayers ?? 0;
  const swa = spec.slidingWindow;
  const local = swa ? spec.layers - Math.floor(spec.layers / swa.globalEvery) : 0;
  const localTokens = swa ? Math.min(ctxEff, swa.tokens * numParallel + batch) : 0;
  const global = spec.layers - cross - local;
  return (
    (global * ctxEff + local * localTokens) * perToken * bytes + cross * perToken * 4 * MLLAMA_VISION_TOKENS
  );
}

/** Estimates one model's memory the way Ollama's `estimateGPULayers` does (a planning approximation). */
export function estimateMemory(spec: ModelSpec, rt: RuntimeSettings): MemoryEstimate {
  // Ollama caps num_ctx at the context the model was trained with.
  const ctx = Math.min(rt.contextLength, spec.contextLength);
  const ctxEff = ctx * rt.numParallel;
  const fa = rt.flashAttention && !spec.noFlashAttention;
  const kvTypeUsed: KvCacheType = fa ? rt.kvCacheType : 'f16';
  const batch = Math.min(ctx, BATCH);
  const kvCache = kvCacheBytes(spec, ctxEff, rt.numParallel, batch, KV_BYTES[kvTypeUsed]);
  // Ollama's estimator counts blk.* and the output layer, not an untied token embedding: that stays in RAM.
  const inputEmbedding = inputEmbeddingBytes(spec);
  const weights = spec.sizeBytes - spec.projectorBytes - inputEmbedding;
  const output = Math.min(weights / 4, (spec.embedding * spec.vocab * OUTPUT_BITS) / 8);
  const layerBytes = (weights - output) / spec.layers + kvCache / spec.layers;
  // The llama graph formula, used for every architecture as the planner's approximation. Its ctx·heads term is
  // the attention score matrix, which flash attention computes in batch-sized tiles instead of materializing.
  const scoreCols = fa ? batch : ctxEff;
  const textGraph = Math.max(
    4 * batch * (1 + 4 * spec.embedding + scoreCols * (1 + spec.heads)),
    4 * batch * (spec.embedding + spec.vocab),
  );
  const graph = textGraph + (spec.projectorGraphBytes ?? 0);
  const gpuFixed = GPU_MINIMUM_BYTES + rt.gpuOverheadBytes;
  const projector = spec.projectorBytes;
  const totalGpu = weights + projector + kvCache + graph + layerBytes + gpuFixed;
  const totalCpu = weights + inputEmbedding + projector + kvCache + graph;
  return {
    weights,
    projector,
    kvCache,
    graph,
    layerBuffer: layerBytes,
    gpuFixed,
    totalGpu,
    totalCpu,
    layerBytes,
    offloadableLayers: spec.layers + 1,
    kvTypeUsed,
  };
}

/** How many of the offloadable layers fit in `budget` bytes of one GPU (0 when not even the fixed part fits). */
export function layersThatFit(est: MemoryEstimate, budget: number): number {
  if (est.totalGpu <= budget) return est.offloadableLayers;
  const fixed = est.gpuFixed + est.projector + est.graph + est.layerBuffer;
  const free = budget - fixed;
  if (free < 2 * est.layerBytes) return 0;
  return Math.min(est.offloadableLayers - 1, Math.floor(free / est.layerBytes));
}

/** Bytes as GiB with one decimal, for tables. */
export function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

/** A spec for a model outside the catalog, from its download size only: flagged as a guess by the caller. */
export function guessSpec(name: string, sizeBytes: number): ModelSpec {
  // Shape of a Llama-like dense model of this size at ~4.8 bits per weight.
  const paramsB = (sizeBytes * 8) / 4.8 / 1e9;
  const layers = Math.max(12, Math.round(16 + paramsB * 1.8));
  const embedding = Math.max(1024, Math.round(Math.sqrt((paramsB * 1e9) / (12 * layers)) / 128) * 128);
  return {
    name,
    paramsB,
    quantization: 'unknown',
    sizeBytes,
    projectorBytes: 0,
    contextLength: 8192,
    layers,
    heads: embedding / 128,
    kvHeads: 8,
    headDim: 128,
    embedding,
    vocab: 128256,
    kind: 'chat',
  };
}
