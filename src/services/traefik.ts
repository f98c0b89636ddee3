import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';

/** Traefik as k3s ships it, configured through a HelmChartConfig: CRD provider, cross-namespace middlewares, metrics. */
export const traefik: ServiceDef = {
  name: 'traefik',
  title: 'Traefik',
  description: 'The ingress controller of k3s; every host of the platform is an IngressRoute through it.',
  layer: 'system',
  namespace: 'kube-system',
  wave: -7,
  defaultEnabled: true,
  // k3s installs and pins Traefik itself; shai only writes its HelmChartConfig.
  images: {},
  ports: [
    { name: 'web', port: 8000 },
    { name: 'websecure', port: 8443 },
    { name: 'metrics', port: 9100 },
  ],
  needs: [],
  exposes: [],
  secrets: [],
  storage: [],
  metrics: { port: 'metrics', path: '/metrics' },
  backup: { kind: 'none', reason: 'stateless; configured from the GitOps tree' },
  installsCrds: ['traefik.io'],
  egress: { apiServer: true },
  scaling: {
    defaultReplicas: 1,
    maxReplicas: 1,
    reason: 'k3s runs one Traefik behind its service load balancer',
  },
  resources: resources('100m', '128Mi', '1', '512Mi'),
  podSecurity: {
    level: 'privileged',
    reason: 'kube-system holds the k3s system components (service load balancer)',
  },
  // rendered in the render issue
  build: () => ({ objects: [] }),
};
