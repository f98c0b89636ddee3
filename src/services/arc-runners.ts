import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS, IMAGES } from './versions.ts';

/** Runner scale sets: amd64, gpu (when a node has a GPU) and arm64 (when an arm64 node exists). */
export const arcRunners: ServiceDef = {
  name: 'arc-runners',
  title: 'GitHub Actions runners',
  description:
    'Ephemeral self-hosted runners per architecture and for GPU jobs, authenticated as a GitHub App.',
  layer: 'ci',
  namespace: 'arc-runners',
  wave: 5,
  defaultEnabled: true,
  images: { runner: IMAGES.actionsRunner },
  chart: CHARTS.arcRunners,
  ports: [],
  needs: [
    { service: 'arc-controller', why: 'AutoscalingRunnerSet objects are reconciled by the controller' },
  ],
  exposes: [],
  secrets: [
    {
      name: 'github-app',
      keys: {
        github_app_id: {
          kind: 'external',
          description: 'App ID of the GitHub App (Settings → Developer settings)',
        },
        github_app_installation_id: {
          kind: 'external',
          description: 'installation ID of the App on the organisation',
        },
        github_app_private_key: { kind: 'external', description: 'the App private key, PEM' },
      },
    },
  ],
  storage: [],
  egress: { internet: true },
  backup: { kind: 'none', reason: 'ephemeral runners' },
  scaling: {
    defaultReplicas: 1,
    maxReplicas: 1,
    reason: 'runner pods are scaled by ARC between minRunners and maxRunners',
  },
  resources: resources('500m', '1Gi', '2', '4Gi'),
  podSecurity: { level: 'restricted' },
  // rendered in the render issue
  build: () => ({ objects: [] }),
};
