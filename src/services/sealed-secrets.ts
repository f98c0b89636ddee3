import { chartOnly, resources, SINGLE_CONTROLLER, singleReplica } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS } from './versions.ts';

/** Bitnami Sealed Secrets: turns SealedSecrets committed to git into Secrets inside the cluster. */
export const sealedSecrets: ServiceDef = {
  name: 'sealed-secrets',
  title: 'Sealed Secrets',
  description:
    'Decrypts the SealedSecrets in the GitOps tree; controller `sealed-secrets-controller` in kube-system.',
  layer: 'system',
  namespace: 'kube-system',
  wave: -9,
  defaultEnabled: true,
  images: {},
  chart: CHARTS.sealedSecrets,
  ports: [
    { name: 'http', port: 8080, serviceName: 'sealed-secrets-controller' },
    { name: 'metrics', port: 8081, serviceName: 'sealed-secrets-controller-metrics' },
  ],
  needs: [],
  exposes: [],
  secrets: [],
  storage: [],
  metrics: { port: 'metrics', path: '/metrics' },
  backup: {
    kind: 'none',
    reason: 'the sealing key pair is exported and restored by `shai secrets`, not Velero',
  },
  installsCrds: ['bitnami.com'],
  egress: { apiServer: true },
  network: {
    fromApiServer: [
      {
        port: 8080,
        why: '`kubeseal --fetch-cert` reaches the controller through the API server service proxy',
      },
    ],
    // The chart's selector labels: its controller pods alone get policies in k3s's open kube-system.
    podLabel: { key: 'app.kubernetes.io/instance', value: 'sealed-secrets' },
  },
  scaling: singleReplica(SINGLE_CONTROLLER),
  resources: resources('50m', '64Mi', '500m', '256Mi'),
  podSecurity: { level: 'restricted' },
  build: chartOnly(CHARTS.sealedSecrets, (self) => ({
    // kubeseal and `shai secrets` look for the controller under this name, not the release name.
    fullnameOverride: 'sealed-secrets-controller',
    resources: self.resources,
    // Kyverno never admits kube-system, but the pod stays admissible: the chart's context (non-root 1001, drop
    // ALL, read-only root) states no allowPrivilegeEscalation, which the enforced policy requires.
    containerSecurityContext: { allowPrivilegeEscalation: false },
    metrics: { serviceMonitor: { enabled: true } },
  })),
};
