import { chartOnly, resources, SINGLE_CONTROLLER, singleReplica } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS } from './versions.ts';

/** Limits for the chart's components other than the controller (admission needs limits on every pod). */
export const CERT_MANAGER_COMPONENT_RESOURCES = {
  webhook: { resources: resources('10m', '32Mi', '200m', '128Mi') },
  cainjector: { resources: resources('20m', '64Mi', '200m', '256Mi') },
  startupapicheck: { resources: resources('10m', '32Mi', '100m', '64Mi') },
} as const;

/** cert-manager: issues and renews the platform's TLS certificates. */
export const certManager: ServiceDef = {
  name: 'cert-manager',
  title: 'cert-manager',
  description: 'Issues the wildcard certificate from the internal CA, or from ACME with DNS-01.',
  layer: 'system',
  namespace: 'cert-manager',
  wave: -8,
  defaultEnabled: true,
  images: {},
  chart: CHARTS.certManager,
  ports: [
    { name: 'metrics', port: 9402, serviceName: 'cert-manager' },
    { name: 'webhook', port: 10250, serviceName: 'cert-manager-webhook' },
  ],
  needs: [],
  exposes: [],
  secrets: [],
  storage: [],
  metrics: { port: 'metrics', path: '/metrics' },
  backup: { kind: 'none', reason: 'certificates are re-issued from the issuers in the GitOps tree' },
  installsCrds: ['cert-manager.io', 'acme.cert-manager.io'],
  egress: { apiServer: true, internet: true },
  network: {
    fromApiServer: [
      { port: 10250, why: 'cert-manager-webhook validates and mutates cert-manager resources' },
    ],
    internetPorts: [
      // DNS-01: the controller checks the challenge record at the zone's authoritative nameservers.
      { port: 53, protocol: 'UDP', why: 'DNS-01 propagation checks' },
      { port: 53, why: 'DNS-01 propagation checks over TCP' },
    ],
  },
  scaling: singleReplica(SINGLE_CONTROLLER),
  resources: resources('50m', '128Mi', '500m', '512Mi'),
  podSecurity: { level: 'restricted' },
  build: chartOnly(CHARTS.certManager, (self) => ({
    // `crds.enabled` replaced `installCRDs`; `keep` stops an uninstall from deleting every Certificate.
    crds: { enabled: true, keep: true },
    // Top-level `resources` sizes only the controller; the webhook, the CA injector and the post-install
    // startupapicheck Job have their own `<component>.resources` (cert-manager chart values.yaml), empty by
    // default, and the admission policy requires limits on every pod. Their default securityContext
    // (runAsNonRoot, RuntimeDefault) and containerSecurityContext (no escalation, drop ALL) already comply.
    resources: self.resources,
    ...CERT_MANAGER_COMPONENT_RESOURCES,
    prometheus: { enabled: true, servicemonitor: { enabled: true } },
  })),
};
