import { mcpSearxngImage } from '../images/mcp-searxng.ts';
import { resources } from './helpers.ts';
import { buildMcpSearxng } from './shared/mcp-searxng.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';

/** The search tools the image registers; its page reader runs in `mcp-fetch`, where the internet is open. */
export const SEARCH_TOOLS = mcpSearxngImage.mcp!.value.tools.filter((t) => t !== 'web_url_read');

/** The SearXNG MCP server over streamable HTTP for agents, behind its own bearer token. */
export const mcpServers: ServiceDef = {
  name: 'mcp-servers',
  title: 'MCP tool servers',
  description:
    'Model Context Protocol over streamable HTTP (/mcp): web search through SearXNG (mcp-searxng); no internet of its own.',
  layer: 'ai',
  namespace: 'ai',
  wave: 2,
  defaultEnabled: true,
  images: { main: IMAGES.mcpSearxng },
  ports: [{ name: 'http', port: mcpSearxngImage.listens.value.port }],
  needs: [{ service: 'searxng', port: 'http', why: 'the web search tools' }],
  exposes: [
    {
      port: 'http',
      subdomain: 'mcp',
      auth: 'forward-auth',
      kind: 'api',
      healthPath: mcpSearxngImage.health!.value,
      // MCP clients send the server's bearer token; the server checks it (hardened mode).
      apiKeys: true,
    },
  ],
  // MCP clients are configured with this token (secrets export prints it).
  secrets: [
    {
      name: 'mcp-servers',
      keys: { 'auth-token': { kind: 'token', bytes: 32, encoding: 'hex' } },
      admin: true,
    },
  ],
  storage: [],
  // No internet: search goes through SearXNG. Its `web_url_read` is left out of what the clients offer (it
  // could reach nothing but SearXNG from here); `mcp-fetch` serves it with the internet open.
  network: {
    // LiteLLM syncs in the same wave, so it cannot `need` this server; its MCP gateway calls it all the same.
    calledBy: [{ service: 'litellm', port: 'http', why: "LiteLLM's MCP gateway lists and calls its tools" }],
  },
  mcp: {
    port: 'http',
    path: mcpSearxngImage.mcp!.value.path,
    tools: SEARCH_TOOLS,
    registered: mcpSearxngImage.mcp!.value.tools,
    token: { secret: 'mcp-servers', key: 'auth-token' },
  },
  backup: { kind: 'none', reason: 'stateless' },
  scaling: { defaultReplicas: 1, maxReplicas: 3 },
  resources: resources('100m', '256Mi', '1', '1Gi'),
  podSecurity: { level: 'restricted' },

  build: (ctx) => buildMcpSearxng(ctx, { searxng: true }),
};
