import { mcpSearxngImage } from '../images/mcp-searxng.ts';
import { env, secretEnv, serviceUrl } from '../build/refs.ts';
import { workload } from '../build/workload.ts';
import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';

/** The SearXNG MCP server over streamable HTTP for agents, behind its own bearer token. */
export const mcpServers: ServiceDef = {
  name: 'mcp-servers',
  title: 'MCP tool servers',
  description:
    'Model Context Protocol over streamable HTTP (/mcp): web search through SearXNG and reading a web page (mcp-searxng).',
  layer: 'ai',
  namespace: 'ai',
  wave: 2,
  defaultEnabled: true,
  images: { main: IMAGES.mcpSearxng },
  ports: [{ name: 'http', port: mcpSearxngImage.listens.value.port }],
  needs: [{ service: 'searxng', port: 'http', why: 'the web search tool' }],
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
  // web_url_read fetches pages from the internet; the private ranges (the cluster, the LAN) stay closed.
  egress: { internet: true },
  network: {
    // LiteLLM syncs in the same wave, so it cannot `need` this server; its MCP gateway calls it all the same.
    calledBy: [{ service: 'litellm', port: 'http', why: "LiteLLM's MCP gateway lists and calls its tools" }],
  },
  mcp: {
    port: 'http',
    path: mcpSearxngImage.mcp!.value.path,
    tools: mcpSearxngImage.mcp!.value.tools,
    token: { secret: 'mcp-servers', key: 'auth-token' },
  },
  backup: { kind: 'none', reason: 'stateless' },
  scaling: { defaultReplicas: 1, maxReplicas: 3 },
  resources: resources('100m', '256Mi', '1', '1Gi'),
  podSecurity: { level: 'restricted' },

  build: (ctx) => {
    const { plan, self } = ctx;
    const port = self.def.ports[0]!.port;
    // DNS-rebinding allowlist: the Host header exactly, as Traefik forwards it and as in-cluster callers send it.
    const hosts = [
      ...self.hosts.map((h) => h.host),
      `${self.name}.${self.namespace}.svc.cluster.local:${port}`,
    ];
    return {
      objects: workload(ctx, {
        user: mcpSearxngImage.user.value,
        containers: [
          {
            env: [
              env('SEARXNG_URL', serviceUrl(plan, 'searxng', 'http')),
              env('MCP_HTTP_PORT', port),
              env('MCP_HTTP_HOST', mcpSearxngImage.listens.value.address),
              env('MCP_HTTP_HARDEN', true),
              secretEnv(self, 'MCP_HTTP_AUTH_TOKEN', 'mcp-servers', 'auth-token'),
              env('MCP_HTTP_ALLOWED_HOSTS', hosts.join(',')),
              // One trusted hop (Traefik) for the client address of its rate limits.
              env('MCP_HTTP_TRUST_PROXY', 1),
            ],
            liveness: { http: mcpSearxngImage.health!.value, initialDelaySeconds: 10 },
            readiness: { http: mcpSearxngImage.health!.value },
            readOnlyRootFilesystem: true,
          },
        ],
      }),
    };
  },
};
