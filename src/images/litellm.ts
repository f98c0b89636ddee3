import { LITELLM_ENV_NAMES } from './litellm-env.ts';
import { POSIX_ENV, PYTHON_TLS_ENV } from './runtime.ts';
import type { ImageContract } from './types.ts';

const DOCKERFILE =
  'github:BerriAI/litellm docker/Dockerfile.non_root (index copy at commit 004c6b1b, 2026; the repository is too large to fetch at the tag)';
const WHEEL = 'pypi:litellm==1.104.2';

/**
 * LiteLLM's non-root image. The stock `litellm` image runs as root and keeps Prisma's engines under
 * /root/.cache, so as any other uid its database step fails; the `-non_root` variant chowns /app (venv,
 * Prisma binaries, migrations) to nobody:nogroup and runs as them. Tag v1.104.2: seen in use as
 * `litellm/litellm-non_root:v1.104.2` ("the latest upstream release", index digest sha256:e8dee87e…, run as
 * uid 65534, 2026-10-08) and published on PyPI as 1.104.2; no 1.108.17 exists there (1.108.x ends at .14).
 */
export const litellmImage: ImageContract = {
  repository: 'litellm/litellm-non_root',
  tag: 'v1.104.2',
  source: `${WHEEL}; ${DOCKERFILE}`,
  user: {
    value: { uid: 65534, gid: 65534 },
    cite: `${DOCKERFILE}: "chown -R nobody:nogroup /app …" then "USER nobody" (Wolfi nobody/nogroup = 65534)`,
  },
  writes: [
    {
      value: '/app',
      cite: `${DOCKERFILE}: HOME=/app, XDG_CACHE_HOME=/app/.cache, Prisma under /app/.venv, migrations chowned`,
    },
    { value: '/tmp', cite: `${WHEEL}:litellm/proxy/proxy_server.py (tempfile for UI and config)` },
  ],
  listens: {
    value: { address: '0.0.0.0', port: 4000 },
    cite: `${WHEEL}:litellm/proxy/proxy_cli.py (--host default 0.0.0.0; --port 4000 from the image CMD)`,
  },
  health: {
    value: '/health/liveliness',
    cite: `${WHEEL}:litellm/proxy/health_endpoints/_health_endpoints.py (/health/liveliness, /health/readiness)`,
  },
  probePaths: [
    { value: '/health/readiness', cite: `${WHEEL}:litellm/proxy/health_endpoints/_health_endpoints.py` },
  ],
  settings: [
    { env: LITELLM_ENV_NAMES, cite: `${WHEEL} (recorded list, src/images/litellm-env.ts)` },
    POSIX_ENV,
    PYTHON_TLS_ENV,
  ],
  configEnvRef: {
    value: 'os.environ/',
    cite: `${WHEEL}:litellm/proxy/proxy_server.py:5508-5537,5831 (every os.environ/NAME value of config.yaml is replaced by the variable's value on load)`,
  },
  apiKey: {
    header: 'Authorization',
    pattern: '^Bearer sk-',
    what: 'LiteLLM virtual keys and the master key, sk-…',
    cite: `${WHEEL}:litellm/proxy/auth/user_api_key_auth.py:488-489,2116-2122 (Bearer token; "expected to start with 'sk-'")`,
  },
};
