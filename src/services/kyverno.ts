import { chartOnly, resources, SINGLE_CONTROLLER, singleReplica } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS } from './versions.ts';

/** Kyverno: admission policies that enforce in the cluster what `shai check` enforces offline. */
export const kyverno: ServiceDef = {
  name: 'kyverno',
  title: 'Kyverno',
  description: 'Policy engine; the admission controller evaluates the ClusterPolicies of kyverno-policies.',
  layer: 'system',
  namespace: 'kyverno',
  wave: -8,
  defaultEnabled: true,
  images: {},
  chart: CHARTS.kyverno,
  ports: [
    { name: 'webhook', port: 9443, serviceName: 'kyverno-svc' },
    { name: 'metrics', port: 8000, serviceName: 'kyverno-svc-metrics' },
  ],
  needs: [],
  exposes: [],
  secrets: [],
  storage: [],
  metrics: { port: 'metrics', path: '/metrics' },
  backup: { kind: 'none', reason: 'policies are rendered from the check rules' },
  installsCrds: ['kyverno.io', 'policies.kyverno.io', 'reports.kyverno.io', 'wgpolicyk8s.io'],
  egress: { apiServer: true },
  network: {
    // The admission controller (kyverno-svc) and the cleanup controller both serve their webhooks on 9443.
    fromApiServer: [{ port: 9443, why: 'admission webhooks enforce the ClusterPolicies' }],
  },
  scaling: singleReplica(SINGLE_CONTROLLER),
  resources: resources('100m', '256Mi', '1', '768Mi'),
  podSecurity: { level: 'restricted' },
  build: chartOnly(CHARTS.kyverno, (self) => ({
    admissionController: {
      replicas: self.replicas,
      // The admission controller pod's main container is `container`, not `resources`.
      container: { resources: self.resources },
      serviceMonitor: { enabled: true },
    },
    // The other controllers' chart defaults set a memory limit and no CPU limit. Kyverno never admits its own
    // namespace, but its pods stay admissible should that filter ever change (helm merges this CPU limit
    // into the chart's resources).
    ...Object.fromEntries(
      ['backgroundController', 'cleanupController', 'reportsController'].map((c) => [
        c,
        { resources: { limits: { cpu: '500m' } } },
      ]),
    ),
    // PolicyExceptions are honoured only in Kyverno's own namespace, where GitOps (kyverno-policies) puts
    // them: nobody who can create pods elsewhere can exempt them.
    features: { policyExceptions: { enabled: true, namespace: self.namespace } },
    // The chart's default resourceFilters stay: Kyverno never admits kube-system (k3s) nor its own namespace,
    // so a fail-closed webhook cannot keep CoreDNS or Kyverno from restarting; the offline rules report those
    // workloads skipped with that reason (semantics/exceptions.ts). Every other namespace gets exceptions per workload.
  })),
};
