import { GO_TLS_ENV, POSIX_ENV } from './runtime.ts';
import type { ImageContract } from './types.ts';

const SRC = 'github:minio/minio@RELEASE.2025-09-07T16-13-09Z';

/** MinIO server (the image also ships the `mc` client the bucket Job runs). */
export const minioImage: ImageContract = {
  repository: 'quay.io/minio/minio',
  tag: 'RELEASE.2025-09-07T16-13-09Z',
  source: SRC,
  // No USER in Dockerfile.release: any uid owning /data (fsGroup) works.
  user: {
    value: { uid: 1000, gid: 1000 },
    cite: `${SRC}:Dockerfile.release (no USER; MC_CONFIG_DIR=/tmp/.mc)`,
  },
  writes: [
    { value: '/data', cite: `${SRC}:cmd/server-main.go (the drive path argument)` },
    {
      value: '/tmp',
      cite: `${SRC}:cmd/common-main.go (--certs-dir, moved to /tmp/certs by render; mc config in /tmp/.mc)`,
    },
  ],
  listens: {
    value: { address: '0.0.0.0', port: 9000 },
    cite: `${SRC}:cmd/server-main.go (--address :9000, --console-address)`,
  },
  health: {
    value: '/minio/health/live',
    cite: `${SRC}:cmd/healthcheck-router.go (/minio/health/live, /minio/health/ready)`,
  },
  probePaths: [{ value: '/minio/health/ready', cite: `${SRC}:cmd/healthcheck-router.go` }],
  command: {
    value: ['minio'],
    cite: `${SRC}:dockerscripts/docker-entrypoint.sh (execs minio with the arguments)`,
  },
  settings: [
    {
      env: ['MC_CONFIG_DIR'],
      envPrefixes: ['MINIO_'],
      cite: `${SRC}:internal/config (MINIO_* env of every config subsystem); Dockerfile.release`,
    },
    POSIX_ENV,
    GO_TLS_ENV,
  ],
};
