import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { valkey } from './valkey.ts';
import { CHARTS } from './versions.ts';

/** GitLab CE (optional, heavy): source control and CI with Keycloak login, on CloudNativePG and Valkey. */
export const gitlab: ServiceDef = {
  name: 'gitlab',
  title: 'GitLab',
  description: 'Self-hosted Git and CI, off by default because it needs several GiB of memory.',
  layer: 'ci',
  namespace: 'gitlab',
  wave: 4,
  defaultEnabled: false,
  images: {},
  chart: CHARTS.gitlab,
  ports: [
    { name: 'http', port: 8181, serviceName: 'gitlab-webservice-default' },
    { name: 'ssh', port: 2222, serviceName: 'gitlab-gitlab-shell' },
  ],
  needs: [
    { service: 'keycloak', port: 'http', why: 'OmniAuth OIDC login' },
    { service: 'cnpg-operator', why: 'its PostgreSQL is a CloudNativePG Cluster' },
    { service: 'valkey', port: 'redis', why: 'job queues and caches' },
  ],
  exposes: [{ port: 'http', subdomain: 'gitlab', auth: 'oidc', kind: 'ui', healthPath: '/users/sign_in' }],
  secrets: [
    { name: 'gitlab-root', keys: { password: { kind: 'password', length: 32 } }, admin: true },
    {
      name: 'gitlab-db',
      keys: { username: { kind: 'fixed', value: 'gitlab' }, password: { kind: 'password', length: 32 } },
    },
    {
      name: 'gitlab-valkey',
      keys: { password: { kind: 'composed', template: `\${${valkey.namespace}/valkey-auth/password}` } },
    },
  ],
  storage: [
    {
      name: 'gitaly',
      size: '50Gi',
      mountPath: '/home/git/repositories',
      accessMode: 'ReadWriteOnce',
      backup: true,
    },
  ],
  sso: { kind: 'oidc', redirectPaths: ['/users/auth/openid_connect/callback'] },
  database: { name: 'gitlab', size: '10Gi' },
  egress: { internet: true },
  backup: { kind: 'postgres', database: 'gitlab' },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'the chart scales its own components' },
  resources: resources('1', '4Gi', '4', '8Gi'),
  podSecurity: {
    level: 'baseline',
    reason: 'gitaly and the shell need capabilities outside the restricted profile',
  },
  // rendered in the render issue
  build: () => ({ objects: [] }),
};
