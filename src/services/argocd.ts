import { stringify } from 'yaml';
import { APPLICATION_HEALTH_LUA } from '../build/argocd.ts';
import { exposureRoutes } from '../build/ingress.ts';
import { GROUPS_CLAIM } from '../build/realm.ts';
import { publicUrl } from '../build/refs.ts';
import { CA_MOUNT_PATH, platformCa } from '../build/trust.ts';
import { resources, singleReplica } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS } from './versions.ts';

const SERVER_RESOURCES = resources('50m', '128Mi', '500m', '512Mi');

/** Limits for the chart's components other than the controller and the API server (admission needs limits). */
export const ARGOCD_COMPONENT_RESOURCES = {
  repoServer: { resources: resources('100m', '256Mi', '1', '1Gi') },
  applicationSet: { resources: resources('50m', '64Mi', '500m', '256Mi') },
  notifications: { resources: resources('20m', '64Mi', '200m', '128Mi') },
  redis: { resources: resources('50m', '64Mi', '500m', '256Mi') },
  redisSecretInit: { resources: resources('10m', '32Mi', '100m', '64Mi') },
} as const;

/** Argo CD managing its own configuration: OIDC login, RBAC for the admin group, Application health. */
export const argocd: ServiceDef = {
  name: 'argocd',
  title: 'Argo CD',
  description: 'Syncs the rendered GitOps tree; argocd-cm carries OIDC and the Application health check.',
  layer: 'platform',
  namespace: 'argocd',
  wave: -2,
  defaultEnabled: true,
  images: {},
  chart: CHARTS.argoCd,
  ports: [
    { name: 'http', port: 8080, serviceName: 'argocd-server' },
    { name: 'metrics', port: 8083, serviceName: 'argocd-server-metrics' },
  ],
  needs: [{ service: 'keycloak', port: 'http', why: 'OIDC login' }],
  exposes: [{ port: 'http', subdomain: 'argocd', auth: 'oidc', kind: 'ui', healthPath: '/healthz' }],
  secrets: [
    {
      name: 'argocd-admin',
      keys: { username: { kind: 'fixed', value: 'admin' }, password: { kind: 'password', length: 24 } },
      admin: true,
    },
  ],
  storage: [],
  metrics: { port: 'metrics', path: '/metrics' },
  // Argo CD resolves `$<secret>:<key>` only in Secrets labelled part-of argocd (user-management docs).
  sso: {
    kind: 'oidc',
    redirectPaths: ['/auth/callback'],
    secretLabels: { 'app.kubernetes.io/part-of': 'argocd' },
  },
  installsCrds: ['argoproj.io'],
  egress: { apiServer: true, internet: true },
  network: {
    intraNamespace:
      'the API server and the application controller call the repo server (8081) and Redis (6379) of the same chart',
    // The application controller's metrics (argocd-metrics Service); `metrics` is the API server's.
    scrapePorts: [8082],
    // The repo server clones the platform's repository: SSH on 22 or a LAN address is not plain internet HTTPS.
    endpoints: [{ key: 'gitops.repoURL', why: 'the repo server fetches the rendered tree' }],
  },
  backup: { kind: 'none', reason: 'its desired state is the Git repository' },
  scaling: singleReplica('the non-HA install: one application controller'),
  resources: resources('250m', '512Mi', '2', '2Gi'),
  podSecurity: { level: 'restricted' },
  build: (ctx) => {
    const { plan, self } = ctx;
    const client = plan.ssoClients.find((c) => c.service === self.name);
    const ca = platformCa(plan, self);
    const http = self.def.ports.find((p) => p.name === 'http')!.port;
    const oidc = client && {
      name: 'Keycloak',
      issuer: `${publicUrl(plan, 'keycloak')}/realms/${plan.config.sso.realm}`,
      clientID: client.clientId,
      clientSecret: `$${client.secret.name}:${client.secret.key}`,
      // The realm's clients require PKCE (S256); Argo CD sends it alongside the client secret.
      enablePKCEAuthentication: true,
      requestedScopes: ['openid', 'profile', 'email', GROUPS_CLAIM],
    };
    return {
      chart: {
        ...CHARTS.argoCd,
        values: {
          global: { domain: self.hosts[0]?.host },
          configs: {
            cm: {
              url: publicUrl(plan, self.name),
              ...(oidc ? { 'oidc.config': stringify(oidc) } : {}),
              // Waves of the app-of-apps wait for child Applications to be healthy.
              'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_LUA,
            },
            // TLS ends at Traefik.
            params: { 'server.insecure': true },
            rbac: {
              'policy.default': 'role:readonly',
              'policy.csv': `g, ${plan.config.sso.adminGroup}, role:admin\n`,
              scopes: `[${GROUPS_CLAIM}]`,
            },
          },
          dex: { enabled: false },
          // The chart sets no resources by default and the admission policy requires limits on every pod.
          // Keys from argo-helm charts/argo-cd values.yaml: <component>.resources; repoServer.resources also
          // sizes its copyutil init container; redisSecretInit.resources is the pre-install secret Job.
          // Each component's containerSecurityContext default already states runAsNonRoot, no escalation and
          // capabilities drop ALL, so only resources are set here.
          ...ARGOCD_COMPONENT_RESOURCES,
          // argocd_app_info feeds the ArgoCdAppDegraded alert.
          controller: {
            resources: self.resources,
            metrics: { enabled: true, serviceMonitor: { enabled: true } },
          },
          server: {
            resources: SERVER_RESOURCES,
            // The Service port the IngressRoute and the network flows use.
            service: { servicePortHttp: http },
            metrics: { enabled: true, serviceMonitor: { enabled: true } },
            // oidc.config's rootCA wants the PEM inline, unknown at render time: Go reads extra roots from
            // SSL_CERT_DIR instead, next to the system bundle.
            ...(ca
              ? {
                  env: [{ name: 'SSL_CERT_DIR', value: `/etc/ssl/certs:${CA_MOUNT_PATH}` }],
                  volumes: [ca.volume],
                  volumeMounts: [ca.mount],
                }
              : {}),
          },
        },
      },
      objects: [...(ca?.objects ?? []), ...exposureRoutes(ctx)],
    };
  },
};
