import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { valkey } from './valkey.ts';
import { IMAGES } from './versions.ts';

/** SearXNG: private meta search for the web-search features of Open WebUI and the MCP tools. */
export const searxng: ServiceDef = {
  name: 'searxng',
  title: 'SearXNG',
  description: 'Meta search engine with a Valkey cache; the only AI service that talks to the internet.',
  layer: 'ai',
  namespace: 'ai',
  wave: 1,
  defaultEnabled: true,
  images: { main: IMAGES.searxng },
  ports: [{ name: 'http', port: 8080 }],
  needs: [{ service: 'valkey', port: 'redis', why: 'result cache and bot limiter' }],
  exposes: [{ port: 'http', subdomain: 'search', auth: 'forward-auth', kind: 'ui', healthPath: '/healthz' }],
  secrets: [
    { name: 'searxng', keys: { 'secret-key': { kind: 'token', bytes: 32, encoding: 'hex' } } },
    {
      name: 'searxng-valkey',
      keys: {
        url: {
          kind: 'composed',
          template: `valkey://:\${${valkey.namespace}/valkey-auth/password}@valkey.${valkey.namespace}.svc.cluster.local:6379/1`,
        },
      },
    },
  ],
  storage: [],
  egress: { internet: true },
  backup: { kind: 'none', reason: 'stateless' },
  scaling: { defaultReplicas: 1, maxReplicas: 3 },
  resources: resources('100m', '256Mi', '1', '1Gi'),
  podSecurity: { level: 'restricted' },
  // rendered in the render issue
  build: () => ({ objects: [] }),
};
