import { mcpSearxngImage } from '../../images/mcp-searxng.ts';
import { env, secretEnv, serviceUrl } from '../../build/refs.ts';
import { workload } from '../../build/workload.ts';
import type { BuildContext, BuildOutput } from '../types.ts';

/**
 * A Deployment of the pinned mcp-searxng image in hardened streamable HTTP mode: the bearer token from the
 * service's own Secret `<service>`/`auth-token`, the Host allowlist against DNS rebinding, one trusted proxy hop.
 * `searxng` gives it the platform's SearXNG (the search tools); without it only `web_url_read` has what it needs.
 * Two services run it: `mcp-servers` (search, no internet) and `mcp-fetch` (reading pages, the internet only).
 */
export function buildMcpSearxng(ctx: BuildContext, opts: { searxng: boolean }): BuildOutput {
  const { plan, self } = ctx;
  const port = self.def.ports[0]!.port;
  // DNS-rebinding allowlist: the Host header exactly, as Traefik forwards it and as in-cluster callers send it.
  const hosts = [
    ...self.hosts.map((h) => h.host),
    `${self.name}.${self.namespace}.svc.cluster.local:${port}`,
  ];
  // Browsers may call it only from its own public origins (the in-cluster one when it has none).
  const origins = self.hosts.length
    ? self.hosts.map((h) => `https://${h.host}`)
    : [`http://${self.name}.${self.namespace}.svc.cluster.local:${port}`];
  return {
    objects: workload(ctx, {
      user: mcpSearxngImage.user.value,
      containers: [
        {
          env: [
            ...(opts.searxng ? [env('SEARXNG_URL', serviceUrl(plan, 'searxng', 'http'))] : []),
            env('MCP_HTTP_PORT', port),
            env('MCP_HTTP_HOST', mcpSearxngImage.listens.value.address),
            env('MCP_HTTP_HARDEN', true),
            secretEnv(self, 'MCP_HTTP_AUTH_TOKEN', self.name, 'auth-token'),
            env('MCP_HTTP_ALLOWED_HOSTS', hosts.join(',')),
            // Hardened mode refuses to start without an Origin allowlist (src/http-security.ts:102-112 at
            // v2.0.0); a request with no Origin (a server-side MCP client) passes it (:130-139).
            env('MCP_HTTP_ALLOWED_ORIGINS', origins.join(',')),
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
}
