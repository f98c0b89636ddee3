import { toYaml } from '../k8s/yaml.ts';
import { objectMeta } from '../k8s/meta.ts';
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
  // k3s deploys Traefik from its own HelmChart `traefik` in kube-system; a HelmChartConfig of the same name is how
  // k3s merges extra values into it (keys of the Traefik chart 3x that k3s v1.33 ships: Traefik v3).
  build: ({ self }) => ({
    objects: [
      {
        apiVersion: 'helm.cattle.io/v1',
        kind: 'HelmChartConfig',
        metadata: objectMeta(self, 'traefik', { namespace: 'kube-system' }),
        spec: { valuesContent: toYaml(traefikValues(self.resources)) },
      },
    ],
  }),
};

/** Values merged into k3s's Traefik chart. */
export function traefikValues(res: { requests: object; limits: object }): Record<string, unknown> {
  return {
    providers: {
      // Middlewares live in the auth namespace, routes in each service's: cross-namespace references are the design.
      kubernetesCRD: { enabled: true, allowCrossNamespace: true },
      kubernetesIngress: { enabled: true },
    },
    ports: {
      // Chart >= 34 replaced `redirectTo` with the entry point redirection of Traefik v3.
      web: { redirections: { entryPoint: { to: 'websecure', scheme: 'https', permanent: true } } },
      // The certificate comes from the default TLSStore (pki); no resolver here.
      websecure: { tls: { enabled: true } },
    },
    metrics: { prometheus: { entryPoint: 'metrics', serviceMonitor: { enabled: true } } },
    resources: res,
  };
}
