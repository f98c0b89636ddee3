import type { KubeObject } from '../k8s/object.ts';
import { databaseCluster, databaseHost, POSTGRES_PORT } from '../build/database.ts';
import { exposureRoutes } from '../build/ingress.ts';
import { backupVolumes } from '../build/velero-backup.ts';
import { planned, servicePort } from '../build/refs.ts';
import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { valkey } from './valkey.ts';
import { CHARTS } from './versions.ts';

/** The pod volume of Gitaly's claim, as the chart names it. */
export const GITALY_POD_VOLUME = 'repo-data';

const OMNIAUTH_PROVIDER = [
  'name: openid_connect',
  'label: Keycloak',
  'args:',
  '  name: openid_connect',
  '  scope: [openid, profile, email]',
  '  response_type: code',
  '  issuer: ${issuer}',
  '  discovery: true',
  '  client_auth_method: query',
  '  uid_field: preferred_username',
  '  pkce: true',
  '  client_options:',
  '    identifier: ${gitlab-oidc/client-id}',
  '    secret: ${gitlab-oidc/client-secret}',
  '    redirect_uri: ${redirect-uri}',
  '',
].join('\n');

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
    {
      service: 'valkey',
      port: 'redis',
      why: 'job queues and caches',
      // global.redis is every Redis class of the chart (charts/gitlab 9.8.4 doc/charts/globals.md "Multiple
      // Redis support"): queues, sessions and sharedState with the cache.
      durable: 'Sidekiq job queues, user sessions and shared state (locks)',
    },
  ],
  exposes: [{ port: 'http', subdomain: 'gitlab', auth: 'oidc', kind: 'ui', healthPath: '/users/sign_in' }],
  secrets: [
    { name: 'gitlab-root', keys: { password: { kind: 'password', length: 32 } }, admin: true },
    {
      name: 'gitlab-db',
      keys: { username: { kind: 'fixed', value: 'gitlab' }, password: { kind: 'password', length: 32 } },
    },
    {
      // The OmniAuth provider as GitLab reads it: a YAML document in a Secret (the chart takes no inline
      // providers). The client secret follows the planned `gitlab-oidc` secret; the plan replaces the issuer
      // and callback with fixed values from Keycloak's and GitLab's hosts (sso.planValues below). Declared
      // external so that a GitLab without Keycloak asks for them rather than rendering a wrong URL.
      name: 'gitlab-omniauth',
      keys: {
        issuer: { kind: 'external', description: 'Keycloak issuer, https://<auth host>/realms/<realm>' },
        'redirect-uri': {
          kind: 'external',
          description: 'https://<gitlab host>/users/auth/openid_connect/callback',
        },
        provider: { kind: 'composed', template: OMNIAUTH_PROVIDER },
      },
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
  sso: {
    kind: 'oidc',
    redirectPaths: ['/users/auth/openid_connect/callback'],
    planValues: { secret: 'gitlab-omniauth', issuer: 'issuer', redirectUri: 'redirect-uri' },
  },
  database: { name: 'gitlab', size: '10Gi' },
  // Its shared-secrets Job creates Secrets through the API server.
  egress: { internet: true, apiServer: true },
  network: {
    intraNamespace:
      'webservice, Sidekiq, GitLab Shell, Gitaly, the registry and KAS of the chart call each other on ports it chooses',
  },
  backup: {
    kind: 'postgres',
    database: 'gitlab',
    // The chart labels its objects `app: <component>` and `release: <release>` ("gitlab.standardLabels" in
    // charts/gitlab templates/_helpers.tpl; app.kubernetes.io/name only with global.application.create), not
    // app.kubernetes.io/instance: a restore selects the release, the probe Gitaly's pod.
    labels: { release: 'gitlab' },
    pods: { app: 'gitaly' },
    probe: {
      what: "Gitaly's repositories directory is there",
      shell: '/bin/sh',
      script: 'test -d /home/git/repositories',
    },
  },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'the chart scales its own components' },
  resources: resources('1', '4Gi', '4', '8Gi'),
  podSecurity: {
    level: 'baseline',
    reason: 'gitaly and the shell need capabilities outside the restricted profile',
  },
  build: (ctx) => {
    const { plan, self } = ctx;
    const redis = planned(plan, 'valkey');
    const http = self.def.ports.find((p) => p.name === 'http')!;
    // The chart names its Services itself (gitlab-webservice-default); route to that name.
    const routes = exposureRoutes(ctx).map((r) => retarget(r, self.name, http.serviceName ?? self.name));
    return {
      objects: [...databaseCluster(ctx.plan, self), ...routes],
      chart: {
        ...CHARTS.gitlab,
        values: {
          global: {
            edition: 'ce',
            hosts: { domain: plan.config.domain, https: true, gitlab: { name: self.hosts[0]!.host } },
            // Traefik serves the host through the IngressRoute beside the chart, with the platform's TLS store.
            ingress: { enabled: false, configureCertmanager: false },
            initialRootPassword: { secret: 'gitlab-root', key: 'password' },
            psql: {
              host: databaseHost(self),
              port: POSTGRES_PORT,
              database: self.database!.name,
              username: 'gitlab',
              password: { secret: 'gitlab-db', key: 'password' },
            },
            redis: {
              host: `${redis.name}.${redis.namespace}.svc.cluster.local`,
              port: servicePort(plan, 'valkey', 'redis'),
              auth: { enabled: true, secret: 'gitlab-valkey', key: 'password' },
            },
            appConfig: {
              omniauth: {
                enabled: true,
                allowSingleSignOn: ['openid_connect'],
                autoLinkUser: ['openid_connect'],
                blockAutoCreatedUsers: false,
                providers: [{ secret: 'gitlab-omniauth', key: 'provider' }],
              },
            },
          },
          // Bundled dependencies the platform already runs (CNPG, Valkey, cert-manager, Traefik, Prometheus).
          postgresql: { install: false },
          redis: { install: false },
          installCertmanager: false,
          'nginx-ingress': { enabled: false },
          prometheus: { install: false },
          'gitlab-runner': { install: false },
          gitlab: {
            gitaly: {
              persistence: { size: self.storage[0]!.size, storageClass: self.storage[0]!.storageClass },
              // Velero's opt-in for the repositories. The chart puts `gitlab.gitaly.annotations` on Gitaly's pod
              // template and names the volume of its claim `repo-data` (charts/gitlab 9.8.4
              // charts/gitlab/charts/gitaly/templates/_statefulset_spec.yaml: annotations range,
              // volumeClaimTemplates repo-data; read, not rendered: the chart is in no registry here).
              annotations: backupVolumes(
                self.storage.some((v) => v.name === 'gitaly' && v.backup) ? [GITALY_POD_VOLUME] : [],
              ),
            },
          },
        },
      },
    };
  },
};

/** The IngressRoute with its backend pointed at the chart's own Service name. */
function retarget(route: KubeObject, from: string, service: string): KubeObject {
  const spec = route.spec as { routes: { services: { name: string; namespace: string }[] }[] };
  const routes = spec.routes.map((r) => ({
    ...r,
    services: r.services.map((s) =>
      s.namespace === route.metadata.namespace && s.name === from ? { ...s, name: service } : s,
    ),
  }));
  return { ...route, spec: { ...spec, routes } };
}
