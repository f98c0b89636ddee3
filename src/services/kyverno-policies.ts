import { kyvernoClusterPolicies } from '../check/policies.ts';
import { resources, singleReplica } from './helpers.ts';
import { builtByOthers } from './system/built.ts';
import { rootExceptions, withoutAnnotationExcludes, workloadExceptions } from './system/policy-exceptions.ts';
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
  scaling: singleReplica('no workload of its own'),
  resources: resources('0', '0', '0', '0'),
  podSecurity: { level: 'restricted' },
  // The check rules' own policies, enforcing (warning-level rules audit), excluding no namespace; one exception
  // per root workload of ours and one per chart workload that needs the host (semantics/system-workloads.ts, which
  // the offline rules read too). Kyverno itself never admits kube-system and its own namespace (semantics/exceptions.ts).
  build: ({ plan, self }) => ({
    objects: [
      ...kyvernoClusterPolicies().map(withoutAnnotationExcludes),
      ...rootExceptions(self, builtByOthers(plan)),
      ...workloadExceptions(self, plan),
    ],
  }),
};
