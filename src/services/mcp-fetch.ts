import { mcpSearxngImage } from '../images/mcp-searxng.ts';
import { resources } from './helpers.ts';
import { buildMcpSearxng } from './shared/mcp-searxng.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';

/**
 * Reading a web page for agents (`web_url_read`), from a pod that reaches the internet and nothing in the
 * cluster: its egress is 0.0.0.0/0 except the private ranges (the pod and Service networks, the LAN) and DNS.
 * The pinned mcp-searxng image, without a SearXNG: no published fetch MCP server image serves streamable HTTP
 * with a token and no package download at start (docs/rag.md names the ones read); the image's own guard also
 * refuses private URLs (MCP_HTTP_ALLOW_PRIVATE_URLS is left off).
 */
export const mcpFetch: ServiceDef = {
  name: 'mcp-fetch',
  title: 'MCP fetch',
  description:
    'Model Context Protocol over streamable HTTP (/mcp): reads a web page as Markdown (mcp-searxng web_url_read); the internet only, never the cluster.',
  layer: 'ai',
  namespace: 'ai',
  wave: 2,
  // Opt-in: a server that reads any URL on the internet is switched on in platform.yaml, not by default.
  defaultEnabled: false,
  images: { main: IMAGES.mcpSearxng },
  ports: [{ name: 'http', port: mcpSearxngImage.listens.value.port }],
  needs: [],
  exposes: [
    {
      port: 'http',
      subdomain: 'mcp-fetch',
      auth: 'forward-auth',
      kind: 'api',
      healthPath: mcpSearxngImage.health!.value,
      // MCP clients send the server's bearer token; the server checks it (hardened mode).
      apiKeys: true,
    },
  ],
  secrets: [
    {
      name: 'mcp-fetch',
      keys: { 'auth-token': { kind: 'token', bytes: 32, encoding: 'hex' } },
      admin: true,
    },
  ],
  storage: [],
  egress: { internet: true },
  network: {
    calledBy: [{ service: 'litellm', port: 'http', why: "LiteLLM's MCP gateway lists and calls its tools" }],
  },
  mcp: {
    port: 'http',
    path: mcpSearxngImage.mcp!.value.path,
    // The image registers its search tools too; with no SearXNG they have nothing to call, so clients offer only this.
    tools: ['web_url_read'],
    registered: mcpSearxngImage.mcp!.value.tools,
    token: { secret: 'mcp-fetch', key: 'auth-token' },
  },
  backup: { kind: 'none', reason: 'stateless' },
  scaling: { defaultReplicas: 1, maxReplicas: 3 },
  resources: resources('100m', '256Mi', '1', '1Gi'),
  podSecurity: { level: 'restricted' },

  build: (ctx) => buildMcpSearxng(ctx, { searxng: false }),
};
