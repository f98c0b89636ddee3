import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';

/** Valkey (Redis-compatible): LiteLLM's router state and cache, SearXNG's cache and limiter. */
export const valkey: ServiceDef = {
  name: 'valkey',
  title: 'Valkey',
  description: 'Redis-compatible in-memory store shared by LiteLLM, SearXNG and GitLab, password-protected.',
  layer: 'platform',
  namespace: 'data',
  wave: -5,
  defaultEnabled: true,
  images: { main: IMAGES.valkey },
  ports: [{ name: 'redis', port: 6379 }],
  needs: [],
  exposes: [],
  secrets: [{ name: 'valkey-auth', keys: { password: { kind: 'password', length: 32 } } }],
  storage: [{ name: 'data', size: '2Gi', mountPath: '/data', accessMode: 'ReadWriteOnce', backup: false }],
  backup: { kind: 'none', reason: 'a cache: LiteLLM and SearXNG rebuild what they keep there' },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'a standalone server without replication' },
  resources: resources('100m', '128Mi', '1', '512Mi'),
  podSecurity: { level: 'restricted' },
  // rendered in the render issue
  build: () => ({ objects: [] }),
};
