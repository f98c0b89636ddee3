import type { ServiceObservability } from '../../observe/types.ts';

/** Traefik: k3s installs it (Deployment kube-system/traefik); its own chart is not in the tree, so no workload is derived. */
export const traefikObservability: ServiceObservability = {
  service: 'traefik',
  workloads: [{ kind: 'Deployment', namespace: 'kube-system', name: 'traefik' }],
};
