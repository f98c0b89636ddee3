import { resources, SINGLE_CONTROLLER } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS } from './versions.ts';

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
  ports: [{ name: 'metrics', port: 8080 }],
  needs: [],
  exposes: [],
  secrets: [],
  storage: [],
  metrics: { port: 'metrics', path: '/metrics' },
  installsCrds: ['actions.github.com'],
  egress: { apiServer: true, internet: true },
  backup: { kind: 'none', reason: 'stateless controller' },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: SINGLE_CONTROLLER },
  resources: resources('100m', '128Mi', '500m', '512Mi'),
  podSecurity: { level: 'restricted' },
  // rendered in the render issue
  build: () => ({ objects: [] }),
};
