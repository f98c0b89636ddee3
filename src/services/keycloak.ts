import { databaseCluster, databaseHost, POSTGRES_PORT } from '../build/database.ts';
import { env, publicUrl, secretEnv } from '../build/refs.ts';
import { workload } from '../build/workload.ts';
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
  writableRootReason: 'Keycloak (Quarkus) re-augments its build under /opt/keycloak on start',
  build: (ctx) => {
    const { self, plan } = ctx;
    const db = self.database!;
    const health = (path: string) => ({ http: path, port: 'management' });
    return {
      objects: [
        ...databaseCluster(ctx.plan, self),
        ...workload(ctx, {
          // The image's `keycloak` user.
          user: { uid: 1000, gid: 1000 },
          containers: [
            {
              args: ['start'],
              env: [
                env('KC_DB', 'postgres'),
                env('KC_DB_URL', `jdbc:postgresql://${databaseHost(self)}:${POSTGRES_PORT}/${db.name}`),
                secretEnv(self, 'KC_DB_USERNAME', 'keycloak-db', 'username'),
                secretEnv(self, 'KC_DB_PASSWORD', 'keycloak-db', 'password'),
                secretEnv(self, 'KC_BOOTSTRAP_ADMIN_USERNAME', 'keycloak-admin', 'username'),
                secretEnv(self, 'KC_BOOTSTRAP_ADMIN_PASSWORD', 'keycloak-admin', 'password'),
                // Tokens carry this issuer; every client checks it against its configured issuer URL.
                env('KC_HOSTNAME', publicUrl(plan, self.name)),
                // TLS ends at Traefik, which forwards X-Forwarded-* headers.
                env('KC_HTTP_ENABLED', true),
                env('KC_PROXY_HEADERS', 'xforwarded'),
                env('KC_HEALTH_ENABLED', true),
                env('KC_METRICS_ENABLED', true),
                // keycloak_user_events_total (logins and their errors) for the alerts and the Keycloak dashboard.
                env('KC_EVENT_METRICS_USER_ENABLED', true),
              ],
              // First start builds the optimized server and migrates the schema: minutes, not seconds.
              startup: { ...health('/health/started'), periodSeconds: 10, failureThreshold: 60 },
              liveness: health('/health/live'),
              readiness: health('/health/ready'),
            },
          ],
        }),
      ],
    };
  },
};
