import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';

/** Keycloak: the identity provider; one realm from platform.yaml with a client per application. */
export const keycloak: ServiceDef = {
  name: 'keycloak',
  title: 'Keycloak',
  description: 'Single sign-on for every application, on its own PostgreSQL database.',
  layer: 'platform',
  namespace: 'auth',
  wave: -4,
  defaultEnabled: true,
  images: { main: IMAGES.keycloak },
  ports: [
    { name: 'http', port: 8080 },
    { name: 'management', port: 9000 },
  ],
  needs: [{ service: 'cnpg-operator', why: 'its PostgreSQL is a CloudNativePG Cluster' }],
  exposes: [
    {
      port: 'http',
      subdomain: 'auth',
      auth: 'public',
      publicReason: 'the identity provider itself must be reachable to log in',
      kind: 'ui',
      healthPath: '/realms/master',
    },
  ],
  secrets: [
    {
      name: 'keycloak-admin',
      keys: { username: { kind: 'fixed', value: 'admin' }, password: { kind: 'password', length: 32 } },
      admin: true,
    },
    {
      name: 'keycloak-db',
      keys: { username: { kind: 'fixed', value: 'keycloak' }, password: { kind: 'password', length: 32 } },
    },
  ],
  storage: [],
  metrics: { port: 'management', path: '/metrics' },
  database: { name: 'keycloak', size: '5Gi' },
  backup: { kind: 'postgres', database: 'keycloak' },
  scaling: {
    defaultReplicas: 1,
    maxReplicas: 1,
    reason:
      'sessions live in the embedded cache; a second replica needs cluster discovery shai does not render',
  },
  resources: resources('500m', '1Gi', '2', '2Gi'),
  podSecurity: { level: 'restricted' },
  // rendered in the render issue
  build: () => ({ objects: [] }),
};
