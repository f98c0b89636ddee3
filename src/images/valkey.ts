import { POSIX_ENV } from './runtime.ts';
import type { ImageContract } from './types.ts';

const SRC = 'github:valkey-io/valkey-container (9.0 alpine)';

/** Valkey started with `valkey-server` flags (render bypasses the entrypoint). */
export const valkeyImage: ImageContract = {
  repository: 'valkey/valkey',
  tag: '9.0.7-alpine',
  source: SRC,
  user: {
    value: { uid: 999, gid: 1000 },
    cite: `${SRC}:9.0/alpine/Dockerfile:12-13 (addgroup -g 1000 valkey; adduser -u 999)`,
  },
  writes: [{ value: '/data', cite: `${SRC}:9.0/alpine/Dockerfile (WORKDIR /data, VOLUME /data)` }],
  listens: {
    value: { address: '0.0.0.0', port: 6379 },
    cite: `${SRC}:9.0/alpine/Dockerfile (EXPOSE 6379; protected-mode off by flag)`,
  },
  command: { value: ['valkey-server'], cite: `${SRC}:9.0/alpine/docker-entrypoint.sh (execs valkey-server)` },
  settings: [
    {
      env: ['VALKEY_PASSWORD'],
      cite: "shai: read by render's own probe command and $(VALKEY_PASSWORD) expansion, not by valkey",
    },
    POSIX_ENV,
  ],
};
