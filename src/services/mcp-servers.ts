import { env, serviceUrl } from '../render/refs.ts';
import { workload } from '../render/workload.ts';
import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';

/** MCP tool servers (web search, fetch, memory) over streamable HTTP for Open WebUI and agents. */
export const mcpServers: ServiceDef = {
  name: 'mcp-servers',
  title: 'MCP tool servers',
  description:
    'Model Context Protocol tools over streamable HTTP: search through SearXNG, fetch, memory in Qdrant.',
  layer: 'ai',
  namespace: 'ai',
  wave: 2,
  defaultEnabled: true,
  images: { main: IMAGES.mcpGateway },
  ports: [{ name: 'http', port: 8000 }],
  needs: [
    { service: 'searxng', port: 'http', why: 'the web search tool' },
    { service: 'qdrant', port: 'http', optional: true, why: 'the memory tool stores embeddings there' },
  ],
  exposes: [{ port: 'http', subdomain: 'mcp', auth: 'forward-auth', kind: 'api', healthPath: '/healthz' }],
  secrets: [],
  storage: [],
  egress: { internet: true },
  backup: { kind: 'none', reason: 'stateless; memories live in Qdrant' },
  scaling: { defaultReplicas: 1, maxReplicas: 3 },
  resources: resources('100m', '256Mi', '1', '1Gi'),
  podSecurity: { level: 'restricted' },

  build: (ctx) => ({
    objects: workload(ctx, {
      user: { uid: 1000, gid: 1000 },
      containers: [
        {
          // supergateway serves a stdio MCP server over streamable HTTP; the SearXNG tool server is its child.
          args: [
            '--stdio',
            'npx -y mcp-searxng',
            '--outputTransport',
            'streamableHttp',
            '--port',
            String(ctx.self.def.ports[0]!.port),
            '--healthEndpoint',
            '/healthz',
          ],
          env: [
            env('SEARXNG_URL', serviceUrl(ctx.plan, 'searxng', 'http')),
            env('HOME', '/tmp'),
            env('npm_config_cache', '/tmp/.npm'),
          ],
          liveness: { http: '/healthz', initialDelaySeconds: 20 },
          readiness: { http: '/healthz' },
          readOnlyRootFilesystem: true,
          volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
        },
      ],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    }),
  }),
};
