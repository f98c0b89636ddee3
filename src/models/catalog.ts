/**
 * Architecture figures of common Ollama library models (default tag, default quantization).
 * Sizes: the blob size ollama.com shows for the tag (GB, 10^9 bytes). Architecture: the model's config.json on
 * Hugging Face (num_hidden_layers, num_attention_heads, num_key_value_heads, head_dim or hidden/heads,
 * hidden_size, vocab_size), which is what the GGUF `<arch>.*` keys in `/api/show` model_info carry.
 */
export interface ModelSpec {
  name: string;
  /** Parameters in billions. */
  paramsB: number;
  quantization: string;
  /** Download size in bytes (weights + projector). */
  sizeBytes: number;
  /** Vision projector (mmproj) bytes, included in sizeBytes. */
  projectorBytes: number;
  contextLength: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  embedding: number;
  vocab: number;
  kind: 'chat' | 'code' | 'reasoning' | 'vision' | 'embedding';
  /** Architectures whose KV cache cannot be quantized (no flash attention in Ollama: gemma2, BERT embedders). */
  noFlashAttention?: boolean;
  /**
   * The output projection is a tensor of its own (config.json `tie_word_embeddings: false`), so the token embedding
   * is only an input lookup that llama.cpp keeps in system RAM. Unset (a spec from `/api/show` or a guess) is taken
   * as untied, which most models of 7B and more are.
   */
  untiedEmbeddings?: boolean;
  /** Layers that attend a sliding window (GGUF `attention.sliding_window`) except every `globalEvery`-th (Gemma 3). */
  slidingWindow?: { tokens: number; globalEvery: number };
  /** mllama cross-attention layers: their KV holds the image tokens (f32), not the context. */
  crossAttentionLayers?: number;
  /** Compute graph of the vision projector, which Ollama reserves on the first GPU beside the projector weights. */
  projectorGraphBytes?: number;
}

type Row = [
  string,
  number,
  string,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  ModelSpec['kind'],
  number?,
  boolean?,
];

const GB = 1e9;
// name, params B, quant, size GB, ctx, layers, heads, kv heads, head dim, embd, vocab, kind, projector GB, no FA
const ROWS: Row[] = [
  // https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct config.json; GGUF kv dump (llama.block_count 32, head_count 32, head_count_kv 8,
  // vocab 128256) in https://github.com/ollama/ollama/issues/9730; ollama.com/library/llama3.1:8b 4.9GB. VERIFIED
  ['llama3.1:8b', 8.0, 'Q4_K_M', 4.9, 131072, 32, 32, 8, 128, 4096, 128256, 'chat'],
  // meta-llama/Llama-3.1-70B-Instruct config.json; ollama.com/library/llama3.1:70b 43GB (unverified: architecture figures not yet checked against the cited source)
  ['llama3.1:70b', 70.6, 'Q4_K_M', 43, 131072, 80, 64, 8, 128, 8192, 128256, 'chat'],
  // meta-llama/Meta-Llama-3-70B-Instruct config.json; ollama README@2c016106 "Llama 3 70B 40GB" (unverified: architecture figures not yet checked against the cited source)
  ['llama3:70b', 70.6, 'Q4_0', 40, 8192, 80, 64, 8, 128, 8192, 128256, 'chat'],
  // https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct config.json; /api/tags size 42520413916 quoted in
  // https://github.com/microsoft/foundry-dev-tools/issues/159. VERIFIED (size)
  ['llama3.3:70b', 70.6, 'Q4_K_M', 42.520413916, 131072, 80, 64, 8, 128, 8192, 128256, 'chat'],
  // https://huggingface.co/meta-llama/Meta-Llama-3-8B-Instruct config.json; ollama README@2c016106 "Llama 3 8B 4.7GB" (Q4_0);
  // runner.size of llama3:latest in https://github.com/ollama/ollama/issues/10874. VERIFIED
  ['llama3:8b', 8.0, 'Q4_0', 4.7, 8192, 32, 32, 8, 128, 4096, 128256, 'chat'],
  // https://huggingface.co/meta-llama/Llama-2-7b-chat-hf config.json (num_key_value_heads 32: no GQA); GGUF kv dump (context 4096,
  // block_count 32, head_count_kv 32, vocab 32000) in https://github.com/msys2/MINGW-packages/pull/20882; README "Llama 2 7B 3.8GB". VERIFIED
  ['llama2:7b', 6.7, 'Q4_0', 3.8, 4096, 32, 32, 32, 128, 4096, 32000, 'chat'],
  // https://huggingface.co/meta-llama/Llama-3.2-3B-Instruct config.json; GGUF kv dump (block_count 28, embedding 3072, head_count 24,
  // head_count_kv 8, key_length 128, vocab 128256, context 131072, Q4_K_M) in https://github.com/ollama/ollama/issues/7673 and
  // https://github.com/intel/ipex-llm/issues/12513; "model size = 1.87 GiB" (2.0 GB) in https://github.com/ollama/ollama/issues/8310. VERIFIED
  ['llama3.2:3b', 3.2, 'Q4_K_M', 2.0, 131072, 28, 24, 8, 128, 3072, 128256, 'chat'],
  // https://huggingface.co/meta-llama/Llama-3.2-1B-Instruct config.json; Ollama's blob: "file type = Q8_0, file size =
  // 1.22 GiB (8.50 BPW)" (1.31 GB) in https://github.com/ollama/ollama/issues/12887. VERIFIED (size, quant)
  ['llama3.2:1b', 1.24, 'Q8_0', 1.3, 131072, 16, 32, 8, 64, 2048, 128256, 'chat'],
  // https://huggingface.co/meta-llama/Llama-3.2-11B-Vision-Instruct text_config (40 layers incl. 8 cross-attention); GGUF kv dump
  // (mllama.embedding_length 4096, head_count 32, head_count_kv 8, vocab 128256, 8 cross_attention_layers) in
  // https://github.com/ollama/ollama/issues/8310; projector.weights="1.8 GiB" in https://github.com/ollama/ollama/issues/9311. VERIFIED (not size)
  ['llama3.2-vision:11b', 10.7, 'Q4_K_M', 7.8, 131072, 40, 32, 8, 128, 4096, 128256, 'vision', 1.9],
  // https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct config.json; /api/tags size 397821319 in https://github.com/open-webui/open-webui/pull/12823. VERIFIED (size)
  ['qwen2.5:0.5b', 0.49, 'Q4_K_M', 0.397821319, 32768, 24, 14, 2, 64, 896, 151936, 'chat'],
  // Qwen/Qwen2.5-1.5B-Instruct config.json; ollama 986MB (unverified: architecture figures not yet checked against the cited source)
  ['qwen2.5:1.5b', 1.5, 'Q4_K_M', 0.986, 32768, 28, 12, 2, 128, 1536, 151936, 'chat'],
  // https://huggingface.co/Qwen/Qwen2.5-3B-Instruct config.json; /api/tags size 1929912432 in https://github.com/open-webui/open-webui/pull/12823. VERIFIED (size)
  ['qwen2.5:3b', 3.1, 'Q4_K_M', 1.929912432, 32768, 36, 16, 2, 128, 2048, 151936, 'chat'],
  // https://huggingface.co/Qwen/Qwen2.5-7B-Instruct config.json (GGUF qwen2.block_count=28, embedding_length=3584, ollama#7585);
  // /api/tags size 4683087332 (qwen2.5:latest) in https://github.com/open-webui/open-webui/pull/12823; memory.required.kv 448 MiB
  // at 8192 cells in https://github.com/ollama/ollama/issues/10319 = 28 layers × 4 KV heads × 128. VERIFIED
  ['qwen2.5:7b', 7.6, 'Q4_K_M', 4.683087332, 32768, 28, 28, 4, 128, 3584, 152064, 'chat'],
  // https://huggingface.co/Qwen/Qwen2.5-14B-Instruct config.json; llama.cpp load log (n_vocab 152064, 48 repeating layers, 14.77 B params,
  // 8.37 GiB, KV 1536 MiB at 8192 cells = 8 KV heads × 128) in https://github.com/ollama/ollama/issues/9091. VERIFIED
  ['qwen2.5:14b', 14.8, 'Q4_K_M', 9.0, 32768, 48, 40, 8, 128, 5120, 152064, 'chat'],
  // https://huggingface.co/Qwen/Qwen2.5-32B-Instruct config.json; ollama 20GB. Same body as qwen2.5-coder:32b (verified below); size unverified (unverified: architecture figures not yet checked against the cited source)
  ['qwen2.5:32b', 32.8, 'Q4_K_M', 20, 32768, 64, 40, 8, 128, 5120, 152064, 'chat'],
  // Qwen/Qwen2.5-72B-Instruct config.json; ollama 47GB (unverified: architecture figures not yet checked against the cited source)
  ['qwen2.5:72b', 72.7, 'Q4_K_M', 47, 32768, 80, 64, 8, 128, 8192, 152064, 'chat'],
  // Qwen/Qwen2.5-Coder-1.5B-Instruct config.json; ollama 986MB (unverified: architecture figures not yet checked against the cited source)
  ['qwen2.5-coder:1.5b', 1.5, 'Q4_K_M', 0.986, 32768, 28, 12, 2, 128, 1536, 151936, 'code'],
  // https://huggingface.co/Qwen/Qwen2.5-Coder-3B-Instruct config.json (same shape as Qwen2.5-3B); ollama 1.9GB. NOT verified against a source here (unverified: architecture figures not yet checked against the cited source)
  ['qwen2.5-coder:3b', 3.1, 'Q4_K_M', 1.9, 32768, 36, 16, 2, 128, 2048, 151936, 'code'],
  // https://huggingface.co/Qwen/Qwen2.5-Coder-7B-Instruct config.json; GGUF load log (7.62 B params, n_vocab 152064) in
  // https://github.com/abetlen/llama-cpp-python/issues/1945; ollama 4.7GB (tech-facts §2.4). VERIFIED (vocab, params)
  ['qwen2.5-coder:7b', 7.6, 'Q4_K_M', 4.7, 32768, 28, 28, 4, 128, 3584, 152064, 'code'],
  // https://huggingface.co/Qwen/Qwen2.5-Coder-14B-Instruct config.json; layers.model=49, memory.required.kv 768 MiB at 4096 in
  // https://github.com/intel/ipex-llm/issues/13277. VERIFIED (layers, KV shape)
  ['qwen2.5-coder:14b', 14.8, 'Q4_K_M', 9.0, 32768, 48, 40, 8, 128, 5120, 152064, 'code'],
  // https://huggingface.co/Qwen/Qwen2.5-Coder-32B-Instruct config.json; ollama 20GB (tech-facts §2.4); /api/ps sizes at four contexts in
  // https://github.com/ollama/ollama/issues/9988 match 64 layers × 8 KV heads × 128. VERIFIED
  ['qwen2.5-coder:32b', 32.8, 'Q4_K_M', 20, 32768, 64, 40, 8, 128, 5120, 152064, 'code'],
  // Qwen/Qwen3-4B config.json; ollama 2.6GB (unverified: architecture figures not yet checked against the cited source)
  ['qwen3:4b', 4.0, 'Q4_K_M', 2.6, 40960, 36, 32, 8, 128, 2560, 151936, 'reasoning'],
  // Qwen/Qwen3-8B config.json; ollama 5.2GB (unverified: architecture figures not yet checked against the cited source)
  ['qwen3:8b', 8.2, 'Q4_K_M', 5.2, 40960, 36, 32, 8, 128, 4096, 151936, 'reasoning'],
  // Qwen/Qwen3-14B config.json; ollama 9.3GB (unverified: architecture figures not yet checked against the cited source)
  ['qwen3:14b', 14.8, 'Q4_K_M', 9.3, 40960, 40, 40, 8, 128, 5120, 151936, 'reasoning'],
  // Qwen/Qwen3-30B-A3B config.json (MoE, 128 experts); ollama 19GB (unverified: architecture figures not yet checked against the cited source)
  ['qwen3:30b', 30.5, 'Q4_K_M', 19, 40960, 48, 32, 4, 128, 2048, 151936, 'reasoning'],
  // https://huggingface.co/deepseek-ai/DeepSeek-R1-Distill-Qwen-7B config.json; /api/tags size 4683075271 (family qwen2, 7.6B, Q4_K_M) in
  // https://github.com/microsoft/foundry-dev-tools/issues/159. VERIFIED
  ['deepseek-r1:7b', 7.6, 'Q4_K_M', 4.683075271, 131072, 28, 28, 4, 128, 3584, 152064, 'reasoning'],
  // deepseek-ai/DeepSeek-R1-0528-Qwen3-8B config.json (Qwen3-8B body); ollama 5.2GB (unverified: architecture figures not yet checked against the cited source)
  ['deepseek-r1:8b', 8.2, 'Q4_K_M', 5.2, 131072, 36, 32, 8, 128, 4096, 151936, 'reasoning'],
  // https://huggingface.co/deepseek-ai/DeepSeek-R1-Distill-Qwen-14B config.json; /api/tags size 8988112040 (qwen2, 14.8B, Q4_K_M) quoted at
  // https://wenku.csdn.net/answer/4fz5j1xej4. VERIFIED (size)
  ['deepseek-r1:14b', 14.8, 'Q4_K_M', 8.98811204, 131072, 48, 40, 8, 128, 5120, 152064, 'reasoning'],
  // https://huggingface.co/deepseek-ai/DeepSeek-R1-Distill-Qwen-32B config.json; llama.cpp load log (65/65 layers, n_embd_k_gqa 1024 = 8 KV
  // heads × 128, CUDA0 18508 MiB + token_embd 417.66 MiB on CPU) in https://github.com/ggml-org/llama.cpp/issues/11861. VERIFIED
  ['deepseek-r1:32b', 32.8, 'Q4_K_M', 20, 131072, 64, 40, 8, 128, 5120, 152064, 'reasoning'],
  // https://huggingface.co/mistralai/Mistral-7B-Instruct-v0.3 config.json (vocab 32768); ollama.com mistral:7b-*-q4_K_M 4.4GB
  // (https://ollama.dev.org.tw/library/mistral:7b-text-q4_K_M); the 2024 default build was 4.1 GB Q4_0 (https://github.com/ollama/ollama/issues/6348) (unverified: architecture figures not yet checked against the cited source)
  ['mistral:7b', 7.25, 'Q4_K_M', 4.4, 32768, 32, 32, 8, 128, 4096, 32768, 'chat'],
  // mistralai/Mistral-Nemo-Instruct-2407 config.json; ollama 7.1GB (unverified: architecture figures not yet checked against the cited source)
  ['mistral-nemo:12b', 12.2, 'Q4_K_M', 7.1, 1024000, 40, 32, 8, 128, 5120, 131072, 'chat'],
  // google/gemma-2-2b-it config.json; ollama 1.6GB (unverified: architecture figures not yet checked against the cited source)
  ['gemma2:2b', 2.6, 'Q4_0', 1.6, 8192, 26, 8, 4, 256, 2304, 256000, 'chat', 0, true],
  // https://huggingface.co/google/gemma-2-9b-it config.json; GGUF load log (n_embd 3584, n_head 16, n_head_kv 8, n_layer 42, head 256,
  // vocab 256000, ctx 8192) in https://github.com/ollama/ollama/issues/5331. VERIFIED (not size)
  ['gemma2:9b', 9.2, 'Q4_0', 5.4, 8192, 42, 16, 8, 256, 3584, 256000, 'chat', 0, true],
  // https://huggingface.co/google/gemma-3-4b-it text_config (34 layers, hidden 2560); GGUF kv dump of the 4B (ffn 10240:
  // head_count 8, head_count_kv 4, key_length 256, sliding_window 1024, 262144 tokens) in
  // https://github.com/intel/ipex-llm/issues/13038; ollama 3.3GB incl. vision tower; mmproj f16 851MB
  // (https://mygguf.com/models/bartowski_google_gemma-3-4b-it-GGUF). VERIFIED (not block count)
  ['gemma3:4b', 4.3, 'Q4_K_M', 3.3, 131072, 34, 8, 4, 256, 2560, 262144, 'vision', 0.85],
  // https://huggingface.co/google/gemma-3-12b-it text_config; GGUF kv dump (context 131072, embedding 3840, block_count 48,
  // head_count 16) in https://github.com/mostlygeek/llama-swap/issues/75; ollama 8.1GB; projector.weights="795.9 MiB",
  // text weights 6.8 GiB and memory.required.kv="992.0 MiB" at 8192 (= 8 global + 40 sliding layers × 8 KV heads × 256)
  // in https://github.com/ollama/ollama/pull/12000. VERIFIED
  ['gemma3:12b', 12.2, 'Q4_K_M', 8.1, 131072, 48, 16, 8, 256, 3840, 262144, 'vision', 0.8346],
  // https://huggingface.co/google/gemma-3-27b-it text_config (vocab 262144 as in the 4B/12B GGUF token arrays above); ollama 17GB (unverified: architecture figures not yet checked against the cited source)
  ['gemma3:27b', 27.4, 'Q4_K_M', 17, 131072, 62, 32, 16, 128, 5376, 262144, 'vision', 0.85],
  // microsoft/Phi-3-mini-4k-instruct config.json; ollama phi3:3.8b 2.2GB (unverified: architecture figures not yet checked against the cited source)
  ['phi3:3.8b', 3.8, 'Q4_0', 2.2, 4096, 32, 32, 32, 96, 3072, 32064, 'chat'],
  // https://huggingface.co/microsoft/phi-4 config.json; llama.cpp log (14.66 B params, n_vocab 100352) in https://github.com/ollama/ollama/issues/9782;
  // ollama 9.1GB. VERIFIED (vocab, params)
  ['phi4:14b', 14.7, 'Q4_K_M', 9.1, 16384, 40, 40, 10, 128, 5120, 100352, 'chat'],
  // liuhaotian/llava-v1.6-mistral-7b config.json; ollama llava:7b 4.7GB, projector 624MB (unverified: architecture figures not yet checked against the cited source)
  ['llava:7b', 7.24, 'Q4_0', 4.7, 32768, 32, 32, 8, 128, 4096, 32000, 'vision', 0.624],
  // codellama/CodeLlama-7b-Instruct-hf config.json; ollama 3.8GB (unverified: architecture figures not yet checked against the cited source)
  ['codellama:7b', 6.7, 'Q4_0', 3.8, 16384, 32, 32, 32, 128, 4096, 32016, 'code'],
  // https://huggingface.co/nomic-ai/nomic-embed-text-v1.5 config.json (n_layer 12, n_head 12, n_embd 768); GGUF kv (nomic-bert.context_length
  // 2048, embedding_length 768, head_count 12) in https://github.com/ollama/ollama/issues/10811; /api/tags size 274302450 in
  // https://github.com/zammad/zammad/issues/6281. VERIFIED
  ['nomic-embed-text:v1.5', 0.137, 'F16', 0.27430245, 2048, 12, 12, 12, 64, 768, 30528, 'embedding', 0, true],
  // https://huggingface.co/mixedbread-ai/mxbai-embed-large-v1 config.json; /api/tags details (334M, F16, context 512, embedding 1024) in
  // https://github.com/zammad/zammad/issues/6281; ollama 670MB. VERIFIED (not layers)
  ['mxbai-embed-large:335m', 0.335, 'F16', 0.67, 512, 24, 16, 16, 64, 1024, 30522, 'embedding', 0, true],
  // BAAI/bge-m3 config.json (XLM-RoBERTa large); ollama 1.2GB (unverified: architecture figures not yet checked against the cited source)
  ['bge-m3:567m', 0.567, 'F16', 1.2, 8192, 24, 16, 16, 64, 1024, 250002, 'embedding', 0, true],
  // https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2 config.json; /api/tags size 45960996 in
  // https://github.com/zammad/zammad/issues/6281. VERIFIED (size; layers as recalled from config.json)
  ['all-minilm:22m', 0.023, 'F16', 0.045960996, 512, 6, 12, 12, 32, 384, 30522, 'embedding', 0, true],
];

// config.json `tie_word_embeddings: false` (or absent with a separate lm_head) in the Hugging Face repos cited above.
// The small Llama 3.2 / Qwen 2.5 / Qwen3-4B models, Gemma and the BERT embedders share one matrix and are not listed.
const UNTIED = new Set([
  'llama3.1:8b',
  'llama3.1:70b',
  'llama3:8b',
  'llama3:70b',
  'llama2:7b',
  'llama3.3:70b',
  'llama3.2-vision:11b',
  'qwen2.5:7b',
  'qwen2.5:14b',
  'qwen2.5:32b',
  'qwen2.5:72b',
  'qwen2.5-coder:7b',
  'qwen2.5-coder:14b',
  'qwen2.5-coder:32b',
  'qwen3:8b',
  'qwen3:14b',
  'qwen3:30b',
  'deepseek-r1:7b',
  'deepseek-r1:8b',
  'deepseek-r1:14b',
  'deepseek-r1:32b',
  'mistral:7b',
  'mistral-nemo:12b',
  'phi3:3.8b',
  'phi4:14b',
  'llava:7b',
  'codellama:7b',
]);

/**
 * Graph of the mllama vision encoder as Ollama's `projectorMemoryRequirements` sizes it, from the vision config of
 * https://huggingface.co/meta-llama/Llama-3.2-11B-Vision-Instruct (image 560, patch 14, 4 tiles, 1280 wide, 16 heads,
 * 3 channels; 1600 patches + 1 class token, padded to a multiple of 8).
 */
function mllamaProjectorGraph(
  image: number,
  patch: number,
  tiles: number,
  embd: number,
  heads: number,
): number {
  const patches = (image / patch) ** 2 + 1;
  const padded = patches + 8 - (patches % 8);
  return (
    4 *
    (8 +
      image * image * 3 * tiles +
      embd * patches * tiles +
      9 * embd * padded * tiles +
      (padded * tiles) ** 2 * heads)
  );
}

/**
 * Graph of the Gemma 3 SigLIP encoder as Ollama's `VisionGraphSize` sizes it (image 896, patch 14 → 4096 patches,
 * 1152 wide, 16 heads, 3 channels: https://huggingface.co/google/gemma-3-12b-it vision_config); Ollama logs it as
 * projector.graph="1.0 GiB" for gemma3:12b (https://github.com/ollama/ollama/pull/12000).
 */
function gemma3ProjectorGraph(image: number, patch: number, embd: number, heads: number): number {
  const patches = (image / patch) ** 2;
  return 4 * (image * image * 3 + embd * patch + patches * patches * heads);
}

// Architecture details beyond the table. Gemma 3: config.json sliding_window 1024, one global layer in six
// (sliding_window_pattern 6); Ollama sizes those layers' cache at window × parallel + batch (fs/ggml/ggml.go GraphSize).
const GEMMA3 = {
  slidingWindow: { tokens: 1024, globalEvery: 6 },
  projectorGraphBytes: gemma3ProjectorGraph(896, 14, 1152, 16),
};
const EXTRA: Record<string, Partial<ModelSpec>> = {
  'gemma3:4b': GEMMA3,
  'gemma3:12b': GEMMA3,
  'gemma3:27b': GEMMA3,
  // GGUF mllama.attention.cross_attention_layers [3, 8, 13, 18, 23, 28, 33, 38] (ollama/ollama#8310)
  'llama3.2-vision:11b': {
    crossAttentionLayers: 8,
    projectorGraphBytes: mllamaProjectorGraph(560, 14, 4, 1280, 16),
  },
};

/** The catalog, by `name:tag`. */
export const CATALOG: ReadonlyMap<string, ModelSpec> = new Map(
  ROWS.map(
    ([
      name,
      paramsB,
      quantization,
      gb,
      contextLength,
      layers,
      heads,
      kvHeads,
      headDim,
      embedding,
      vocab,
      kind,
      proj = 0,
      noFa,
    ]) => [
      name,
      {
        name,
        paramsB,
        quantization,
        sizeBytes: Math.round(gb * GB),
        projectorBytes: Math.round(proj * GB),
        contextLength,
        layers,
        heads,
        kvHeads,
        headDim,
        embedding,
        vocab,
        kind,
        ...(noFa ? { noFlashAttention: true } : {}),
        untiedEmbeddings: UNTIED.has(name),
        ...EXTRA[name],
      },
    ],
  ),
);

/** A catalog entry by name; `name` without a tag means `latest`, which is not catalogued. */
export function lookupModel(name: string): ModelSpec | undefined {
  return CATALOG.get(name);
}
