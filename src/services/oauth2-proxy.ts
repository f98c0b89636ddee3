import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';

/** oauth2-proxy: the forward-auth target of every host that has no login of its own. */
export const oauth2Proxy: ServiceDef = {
  name: 'oauth2-proxy',
  title: 'oauth2-proxy',
  description:
    'Answers Traefik forward-auth checks and runs the Keycloak login for hosts marked forward-auth.',
  layer: 'platform',
  namespace: 'auth',
  wave: -2,
  defaultEnabled: true,
  images: { main: IMAGES.oauth2Proxy },
  ports: [
    { name: 'http', port: 4180 },
    { name: 'metrics', port: 44180 },
  ],
  needs: [{ service: 'keycloak', port: 'http', why: 'OIDC discovery, token and JWKS endpoints' }],
  exposes: [],
  secrets: [{ name: 'oauth2-proxy', keys: { 'cookie-secret': { kind: 'cookie-secret' } } }],
  storage: [],
  metrics: { port: 'metrics', path: '/metrics' },
  sso: { kind: 'oauth2-proxy' },
  backup: { kind: 'none', reason: 'stateless: sessions live in encrypted cookies' },
  scaling: { defaultReplicas: 1, maxReplicas: 3 },
  resources: resources('50m', '64Mi', '500m', '128Mi'),
  podSecurity: { level: 'restricted' },
  // rendered in the render issue
  build: () => ({ objects: [] }),
};
