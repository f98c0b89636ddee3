import type { KubeObject } from '../k8s/object.ts';
import type { Plan } from '../plan/types.ts';
import { FORWARD_AUTH_MIDDLEWARE } from '../build/ingress.ts';
import { objectMeta } from '../k8s/meta.ts';
import { publicUrl, secretEnv, serviceUrl } from '../build/refs.ts';
import { CA_FILE, platformCa } from '../build/trust.ts';
import { workload } from '../build/workload.ts';
import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { oauth2ProxyImage } from '../images/oauth2-proxy.ts';
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
  build: (ctx) => {
    const { plan, self } = ctx;
    const ca = platformCa(plan, self);
    const port = (name: string) => self.def.ports.find((p) => p.name === name)!.port;
    return {
      objects: [
        ...(ca?.objects ?? []),
        ...workload(ctx, {
          user: oauth2ProxyImage.user.value,
          containers: [
            {
              args: [
                ...oauth2ProxyFlags(plan, port('http'), port('metrics')),
                ...(ca ? [`--provider-ca-file=${CA_FILE}`] : []),
              ],
              env: [
                secretEnv(self, 'OAUTH2_PROXY_CLIENT_ID', 'oauth2-proxy-oidc', 'client-id'),
                secretEnv(self, 'OAUTH2_PROXY_CLIENT_SECRET', 'oauth2-proxy-oidc', 'client-secret'),
                secretEnv(self, 'OAUTH2_PROXY_COOKIE_SECRET', 'oauth2-proxy', 'cookie-secret'),
              ],
              liveness: { http: oauth2ProxyImage.health!.value, port: 'http' },
              readiness: { http: '/ready', port: 'http' },
              readOnlyRootFilesystem: true,
              ...(ca ? { volumeMounts: [ca.mount] } : {}),
            },
          ],
          ...(ca ? { volumes: [ca.volume] } : {}),
        }),
        forwardAuthMiddleware(plan, self),
      ],
    };
  },
};

/** Command-line flags of oauth2-proxy as the forward-auth target of every host on the platform's domain. */
export function oauth2ProxyFlags(plan: Plan, httpPort: number, metricsPort: number): string[] {
  const domain = `.${plan.config.domain}`;
  return [
    '--provider=keycloak-oidc',
    `--oidc-issuer-url=${publicUrl(plan, 'keycloak')}/realms/${plan.config.sso.realm}`,
    '--code-challenge-method=S256',
    '--scope=openid email profile groups',
    '--email-domain=*',
    // Signing in is not enough: only members of the admin group pass (the realm's one group, the one Open WebUI
    // and Argo CD admit too). Keycloak's group mapper puts bare names in the `groups` claim, which this matches.
    `--allowed-group=${plan.config.sso.adminGroup}`,
    `--cookie-domain=${domain}`,
    `--whitelist-domain=${domain}`,
    '--cookie-secure=true',
    // Traefik sets X-Forwarded-*; the redirect URL follows the host being visited.
    '--reverse-proxy=true',
    // Identity goes to the apps as X-Auth-Request-* only: the request's own Authorization header (an app's
    // API key) is never replaced by the ID token (no --set-authorization-header).
    '--set-xauthrequest=true',
    '--skip-provider-button=true',
    // Forward-auth mode: answer 202 when authenticated instead of proxying anywhere.
    '--upstream=static://202',
    `--http-address=0.0.0.0:${httpPort}`,
    `--metrics-address=0.0.0.0:${metricsPort}`,
  ];
}

/** The Traefik ForwardAuth Middleware every forward-auth IngressRoute references. */
function forwardAuthMiddleware(plan: Plan, self: Parameters<typeof objectMeta>[0]): KubeObject {
  return {
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'Middleware',
    metadata: objectMeta(self, FORWARD_AUTH_MIDDLEWARE),
    spec: {
      forwardAuth: {
        address: `${serviceUrl(plan, self.name, 'http')}/`,
        trustForwardHeader: true,
        authResponseHeaders: [
          'X-Auth-Request-User',
          'X-Auth-Request-Email',
          'X-Auth-Request-Groups',
          'X-Auth-Request-Preferred-Username',
        ],
      },
    },
  };
}
