import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS } from './versions.ts';

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
  sso: { kind: 'oidc', redirectPaths: ['/auth/callback'] },
  installsCrds: ['argoproj.io'],
  egress: { apiServer: true, internet: true },
  backup: { kind: 'none', reason: 'its desired state is the Git repository' },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'the non-HA install: one application controller' },
  resources: resources('250m', '512Mi', '2', '2Gi'),
  podSecurity: { level: 'restricted' },
  // rendered in the render issue
  build: () => ({ objects: [] }),
};
