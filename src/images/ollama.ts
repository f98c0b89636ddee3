import { POSIX_ENV } from './runtime.ts';
import type { ImageContract } from './types.ts';

const SRC = 'github:ollama/ollama@v0.32.3';

/** Ollama's server image. */
export const ollamaImage: ImageContract = {
  repository: 'ollama/ollama',
  tag: '0.32.3',
  source: SRC,
  // The image has no USER (root); the server runs as any user with HOME and OLLAMA_MODELS writable.
  user: {
    value: { uid: 1000, gid: 1000 },
    cite: `${SRC}:Dockerfile (no USER: any uid; HOME holds ~/.ollama/id_ed25519)`,
  },
  writes: [
    { value: '/models', cite: `${SRC}:envconfig/config.go:114 (OLLAMA_MODELS, set to /models/models)` },
    { value: '/tmp', cite: `${SRC}:llm/server.go (runner payloads and temp files under os.TempDir)` },
  ],
  listens: {
    value: { address: '0.0.0.0', port: 11434 },
    cite: `${SRC}:envconfig/config.go:25 (OLLAMA_HOST, default 127.0.0.1:11434)`,
  },
  health: { value: '/api/version', cite: `${SRC}:server/routes.go:1871-1873 (GET / and /api/version)` },
  probePaths: [{ value: '/', cite: `${SRC}:server/routes.go:1871` }],
  settings: [
    {
      env: [
        'OLLAMA_HOST',
        'OLLAMA_ORIGINS',
        'OLLAMA_MODELS',
        'OLLAMA_KEEP_ALIVE',
        'OLLAMA_LOAD_TIMEOUT',
        'OLLAMA_REMOTES',
        'OLLAMA_DEBUG',
        'OLLAMA_FLASH_ATTENTION',
        'OLLAMA_GO_TEMPLATE',
        'OLLAMA_DEBUG_LOG_REQUESTS',
        'OLLAMA_KV_CACHE_TYPE',
        'OLLAMA_NOHISTORY',
        'OLLAMA_NOPRUNE',
        'OLLAMA_SCHED_SPREAD',
        'OLLAMA_CONTEXT_LENGTH',
        'OLLAMA_AUTH',
        'OLLAMA_VULKAN',
        'OLLAMA_IGPU_ENABLE',
        'OLLAMA_NO_CLOUD',
        'OLLAMA_LLM_LIBRARY',
        'OLLAMA_EDITOR',
        'OLLAMA_NUM_PARALLEL',
        'OLLAMA_MAX_LOADED_MODELS',
        'OLLAMA_MAX_QUEUE',
        'OLLAMA_MAX_TRANSFER_STREAMS',
        'OLLAMA_GPU_OVERHEAD',
      ],
      cite: `${SRC}:envconfig/config.go:25-360 (Var/Bool/Uint/String calls and AsMap)`,
    },
    POSIX_ENV,
  ],
};
