import { NODE_ENV, POSIX_ENV } from './runtime.ts';
import type { ImageContract } from './types.ts';

const SRC = 'github:ihor-sokoliuk/mcp-searxng@v2.0.0';

/**
 * The SearXNG MCP server's own image: built with its dependencies (no package download at start), serving
 * streamable HTTP on /mcp when MCP_HTTP_PORT is set, and checking a bearer token in hardened mode.
 * Published as isokoliuk/mcp-searxng:<semver> by .github/workflows/docker-publish.yml:29-31 on each v* tag.
 */
export const mcpSearxngImage: ImageContract = {
  repository: 'isokoliuk/mcp-searxng',
  tag: '2.0.0',
  source: SRC,
  user: {
    value: { uid: 1000, gid: 1000 },
    cite: `${SRC}:Dockerfile (USER 1000; ENTRYPOINT node dist/cli.js)`,
  },
  writes: [],
  listens: {
    value: { address: '0.0.0.0', port: 8000 },
    cite: `${SRC}:src/index.ts:426-434 (MCP_HTTP_PORT, MCP_HTTP_HOST default 127.0.0.1; render sets 0.0.0.0)`,
  },
  health: { value: '/health', cite: `${SRC}:src/http-server.ts:760 (GET /health, no token)` },
  settings: [
    {
      env: [
        'AUTH_PASSWORD',
        'AUTH_USERNAME',
        'CACHE_MAX_ENTRIES',
        'CACHE_TTL_MS',
        'FETCH_TIMEOUT_MS',
        'HTTPS_PROXY',
        'HTTP_PROXY',
        'MCP_HTTP_ALLOWED_HOSTS',
        'MCP_HTTP_ALLOWED_ORIGINS',
        'MCP_HTTP_ALLOW_PRIVATE_URLS',
        'MCP_HTTP_AUTH_TOKEN',
        'MCP_HTTP_EXPOSE_FULL_CONFIG',
        'MCP_HTTP_HARDEN',
        'MCP_HTTP_HOST',
        'MCP_HTTP_PORT',
        'MCP_HTTP_STATELESS',
        'MCP_HTTP_STATELESS_MAX_IN_FLIGHT',
        'MCP_HTTP_STATELESS_MAX_IN_FLIGHT_PER_IP',
        'MCP_HTTP_STATELESS_REQUEST_TIMEOUT_MS',
        'MCP_HTTP_TRUST_PROXY',
        'NO_PROXY',
        'SEARCH_CACHE_MAX_ENTRIES',
        'SEARCH_CACHE_TTL_MS',
        'SEARCH_HTTPS_PROXY',
        'SEARCH_HTTP_PROXY',
        'SEARCH_USER_AGENT',
        'SEARXNG_DEFAULT_LANGUAGE',
        'SEARXNG_DEFAULT_RESPONSE_FORMAT',
        'SEARXNG_DEFAULT_SAFESEARCH',
        'SEARXNG_FANOUT',
        'SEARXNG_HTML_FALLBACK',
        'SEARXNG_LITE_TOOLS',
        'SEARXNG_MAX_RESPONSE_BYTES',
        'SEARXNG_MAX_RESULTS',
        'SEARXNG_MAX_RESULT_CHARS',
        'SEARXNG_TIMEOUT_MS',
        'SEARXNG_URL',
        'URL_READER_HTTPS_PROXY',
        'URL_READER_HTTP_PROXY',
        'URL_READER_USER_AGENT',
        'URL_READ_MAX_CHARS',
        'URL_READ_MAX_CONTENT_LENGTH_BYTES',
        'USER_AGENT',
      ],
      cite: `${SRC}:src/*.ts (every process.env.NAME); CONFIGURATION.md`,
    },
    POSIX_ENV,
    NODE_ENV,
  ],
  mcp: {
    value: {
      path: '/mcp',
      tools: ['searxng_web_search', 'searxng_search_suggestions', 'searxng_instance_info', 'web_url_read'],
    },
    cite: `${SRC}:src/http-server.ts:451 (POST /mcp), src/index.ts:295-298 (registerTool, full or lite set: same names)`,
  },
  apiKey: {
    header: 'Authorization',
    pattern: '^Bearer ',
    what: 'the MCP bearer token (MCP_HTTP_AUTH_TOKEN, compared in constant time)',
    cite: `${SRC}:src/http-security.ts:116-128, src/http-server.ts:452,675,717`,
  },
};
