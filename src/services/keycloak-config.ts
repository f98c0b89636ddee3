import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';

/** keycloak-config-cli as a Job: applies the realm, groups and SSO clients of the plan on every sync. */
export const keycloakConfig: ServiceDef = {
  name: 'keycloak-config',
  title: 'Keycloak realm configuration',
  description: 'Applies the realm from the plan (groups, clients, mappers) through the Keycloak admin API.',
  layer: 'platform',
  namespace: 'auth',
  wave: -3,
  defaultEnabled: true,
  images: { main: IMAGES.keycloakConfigCli },
  ports: [],
  needs: [{ service: 'keycloak', port: 'http', why: 'applies the realm through the admin REST API' }],
  exposes: [],
  secrets: [],
  storage: [],
  backup: { kind: 'none', reason: 'the realm is rendered from platform.yaml' },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'a Job that applies the realm once per sync' },
  resources: resources('100m', '256Mi', '500m', '512Mi'),
  podSecurity: { level: 'restricted' },
  // rendered in the render issue
  build: () => ({ objects: [] }),
};
