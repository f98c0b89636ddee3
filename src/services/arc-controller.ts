import { chartOnly, resources, SINGLE_CONTROLLER, singleReplica } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS } from './versions.ts';

const METRICS_PORT = 8080;

/** ServiceAccount of the controller, which the runner scale sets name in `controllerServiceAccount`. */
export const ARC_CONTROLLER_SERVICE_ACCOUNT = 'arc-controller';

/** GitHub Actions Runner Controller: scales runner pods for the runner scale sets. */
export const arcController: ServiceDef = {
  name: 'arc-controller',
  title: 'Actions Runner Controller',
  description: 'The controller of GitHub Actions runner scale sets.',
  layer: 'ci',
  namespace: 'arc-systems',
  wave: 4,
  defaultEnabled: true,
  images: {},
  chart: CHARTS.arcController,
  ports: [{ name: 'metrics', port: METRICS_PORT }],
  needs: [],
  exposes: [],
  secrets: [],
  storage: [],
  metrics: { port: 'metrics', path: '/metrics' },
  installsCrds: ['actions.github.com'],
  egress: { apiServer: true, internet: true },
  backup: { kind: 'none', reason: 'stateless controller' },
  scaling: singleReplica(SINGLE_CONTROLLER),
  resources: resources('100m', '128Mi', '500m', '512Mi'),
  podSecurity: { level: 'restricted' },
  build: chartOnly(CHARTS.arcController, (self) => ({
    replicaCount: self.replicas,
    // A fixed name so the runner scale sets can name it: Argo CD renders charts without `lookup`,
    // so the runner chart cannot discover the controller's ServiceAccount on its own.
    serviceAccount: { create: true, name: ARC_CONTROLLER_SERVICE_ACCOUNT },
    resources: self.resources,
    // Without this block the chart passes empty metrics flags and the controller exposes nothing.
    metrics: {
      controllerManagerAddr: `:${METRICS_PORT}`,
      listenerAddr: `:${METRICS_PORT}`,
      listenerEndpoint: '/metrics',
    },
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
  })),
};
