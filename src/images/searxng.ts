import { POSIX_ENV, PYTHON_TLS_ENV } from './runtime.ts';
import type { ImageContract } from './types.ts';

const SRC = 'github:searxng/searxng@cf74e1d9e';

/** SearXNG's container (granian). GRANIAN_HOST defaults to `::`, which fails on nodes without IPv6. */
export const searxngImage: ImageContract = {
  repository: 'searxng/searxng',
  tag: '2026.1.11-cf74e1d9e',
  source: SRC,
  user: {
    value: { uid: 977, gid: 977 },
    cite: `${SRC}:container/dist.dockerfile:7-10 (COPY --chown=977:977; user searxng)`,
  },
  writes: [
    {
      value: '/etc/searxng',
      cite: `${SRC}:container/entrypoint.sh:124 (volume_handler CONFIG_PATH copies templates)`,
    },
    { value: '/var/cache/searxng', cite: `${SRC}:container/entrypoint.sh:125 (volume_handler DATA_PATH)` },
  ],
  listens: {
    value: { address: '0.0.0.0', port: 8080 },
    cite: `${SRC}:container/dist.dockerfile:31-32 (GRANIAN_HOST "::", GRANIAN_PORT 8080; render sets GRANIAN_HOST=0.0.0.0)`,
  },
  health: { value: '/healthz', cite: `${SRC}:searx/webapp.py:601` },
  settings: [
    {
      env: [
        'SEARXNG_BASE_URL',
        'SEARXNG_BIND_ADDRESS',
        'SEARXNG_DEBUG',
        'SEARXNG_IMAGE_PROXY',
        'SEARXNG_LIMITER',
        'SEARXNG_METHOD',
        'SEARXNG_PORT',
        'SEARXNG_PUBLIC_INSTANCE',
        'SEARXNG_REDIS_URL',
        'SEARXNG_SECRET',
        'SEARXNG_SETTINGS_PATH',
        'SEARXNG_VALKEY_URL',
        'SEARXNG_VERSION',
        'CONFIG_PATH',
        'DATA_PATH',
      ],
      envPrefixes: ['GRANIAN_'],
      cite: `${SRC}:searx/settings_defaults.py:207-227, container/entrypoint.sh, container/dist.dockerfile:27-36 (granian reads GRANIAN_*)`,
    },
    POSIX_ENV,
    PYTHON_TLS_ENV,
  ],
};
