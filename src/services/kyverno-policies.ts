import { kyvernoClusterPolicies } from '../check/policies.ts';
import { resources } from './helpers.ts';
import { builtByOthers } from './system/built.ts';
import { chartExceptions, rootExceptions, withoutAnnotationExcludes } from './system/policy-exceptions.ts';
import type { ServiceDef } from './types.ts';

/** The ClusterPolicies and PolicyExceptions built from the check rules that also apply at admission. */
export const kyvernoPolicies: ServiceDef = {
  name: 'kyverno-policies',
  title: 'Kyverno policies',
  description: 'Admission policies from the same rule modules as `shai check`, so both always agree.',
  layer: 'system',
  namespace: 'kyverno',
  wave: -6,
  defaultEnabled: true,
  images: {},
  ports: [],
  needs: [
    { service: 'kyverno', why: 'ClusterPolicy objects are kyverno.io resources served by its webhook' },
  ],
  exposes: [],
  secrets: [],
  storage: [],
  backup: { kind: 'none', reason: 'rendered from the check rules' },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'no workload of its own' },
  resources: resources('0', '0', '0', '0'),
  podSecurity: { level: 'restricted' },
  // The check rules' own policies, enforcing (warning-level rules audit), plus one exception per root workload.
  // The only namespace-wide exclusions are the system namespaces of check/system.ts (k3s, Longhorn, the GPU
  // operator: host access is their job) and the node agents in monitoring, shared with the offline check.
  build: ({ plan, self }) => ({
    objects: [
      ...kyvernoClusterPolicies().map(withoutAnnotationExcludes),
      ...rootExceptions(self, builtByOthers(plan)),
      ...chartExceptions(self, plan),
    ],
  }),
};
