import { resources, singleReplica } from './helpers.ts';
import { builtByOthers } from './system/built.ts';
import { namespaceObjects, platformNamespaces } from './system/namespace-objects.ts';
import type { ServiceDef } from './types.ts';

/** Namespaces with Pod Security labels, plus a ResourceQuota and LimitRange sized from the workloads of each. */
export const namespaces: ServiceDef = {
  name: 'namespaces',
  title: 'Namespaces',
  description: 'Every namespace of the platform with its Pod Security level, ResourceQuota and LimitRange.',
  layer: 'system',
  namespace: 'kube-system',
  wave: -10,
  defaultEnabled: true,
  images: {},
  ports: [],
  needs: [],
  exposes: [],
  secrets: [],
  storage: [],
  backup: {
    kind: 'none',
    reason: 'only Namespace, ResourceQuota and LimitRange objects, rendered from platform.yaml',
  },
  scaling: singleReplica('no workload of its own'),
  resources: resources('0', '0', '0', '0'),
  podSecurity: { level: 'restricted' },
  build: ({ plan, self }) => {
    const built = builtByOthers(plan);
    return {
      objects: platformNamespaces(plan, built).flatMap((ns) => namespaceObjects(self, plan, built, ns)),
    };
  },
};
