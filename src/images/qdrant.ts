import { POSIX_ENV } from './runtime.ts';
import type { ImageContract } from './types.ts';

const SRC = 'github:qdrant/qdrant@v1.18.0';

/** Qdrant: config keys from QDRANT__<SECTION>__<KEY> env names; the API key guards every path but the probes. */
export const qdrantImage: ImageContract = {
  repository: 'qdrant/qdrant',
  tag: 'v1.18.0',
  source: SRC,
  // Dockerfile ARG USER_ID=0: root by default; any uid works with the storage volume group-writable.
  user: {
    value: { uid: 1000, gid: 1000 },
    cite: `${SRC}:Dockerfile:214-231 (ARG USER_ID=0, USER "$USER_ID:$USER_ID")`,
  },
  writes: [
    {
      value: '/qdrant/storage',
      cite: `${SRC}:config/config.yaml (storage.storage_path ./storage, WORKDIR /qdrant)`,
    },
    { value: '/qdrant/snapshots', cite: `${SRC}:config/config.yaml (storage.snapshots_path ./snapshots)` },
    { value: '/tmp', cite: `${SRC}:config/config.yaml (storage.temp_path default: system temp)` },
  ],
  listens: {
    value: { address: '0.0.0.0', port: 6333 },
    cite: `${SRC}:config/config.yaml (service.host 0.0.0.0, http_port 6333, grpc_port 6334)`,
  },
  health: {
    value: '/readyz',
    cite: `${SRC}:src/actix/mod.rs:90-95 (/healthz, /readyz, /livez outside the API-key whitelist; /metrics is not)`,
  },
  probePaths: [{ value: '/livez', cite: `${SRC}:src/actix/mod.rs:93` }],
  settings: [
    {
      env: ['QDRANT_ALLOW_RECOVERY_MODE', 'RUN_MODE'],
      envPrefixes: ['QDRANT__'],
      cite: `${SRC}:src/settings.rs (Environment::with_prefix("QDRANT").separator("__")); tools/entrypoint.sh`,
    },
    POSIX_ENV,
  ],
  apiKey: {
    header: 'api-key',
    pattern: '.+',
    what: 'the Qdrant API key (api-key header or Authorization: Bearer)',
    cite: `${SRC}:src/common/auth/mod.rs:141-142`,
  },
};
