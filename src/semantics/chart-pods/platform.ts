import { chart, deployments, hook, made, servicePods } from './types.ts';

/** Argo CD 3.3 (argo-cd chart 9.5). */
export const argocdPods = servicePods('argocd', 'argocd', [
  chart('StatefulSet', 'argocd-application-controller'),
  ...deployments(
    'argocd-applicationset-controller',
    'argocd-notifications-controller',
    'argocd-repo-server',
    'argocd-server',
    'argocd-redis',
  ),
  // Writes the redis password Secret before the sync; its ServiceAccount and RBAC are hooks too.
  hook('Job', 'argocd-redis-secret-init', 'PreSync'),
]);

/** cert-manager 1.21. */
export const certManagerPods = servicePods('cert-manager', 'cert-manager', [
  ...deployments('cert-manager', 'cert-manager-cainjector', 'cert-manager-webhook'),
  hook('Job', 'cert-manager-startupapicheck', 'PostSync'),
]);

/** Kyverno 1.19 (chart 3.9). Its namespace is never admitted by Kyverno itself. */
export const kyvernoPods = servicePods('kyverno', 'kyverno', [
  ...deployments(...['admission', 'background', 'cleanup', 'reports'].map((c) => `kyverno-${c}-controller`)),
  hook('Job', 'kyverno-migrate-resources', 'PostSync'),
  // helm test Pods: Argo CD never runs them.
  ...[
    'kyverno-admission-controller-metrics',
    'kyverno-cleanup-controller-liveness',
    'kyverno-cleanup-controller-metrics',
    'kyverno-cleanup-controller-readiness',
    'kyverno-reports-controller-metrics',
  ].map((name) => hook('Pod', name, 'never')),
  // pre-delete Jobs: Argo CD runs them when the Application is deleted.
  hook('Job', 'kyverno-rm-webhooks', 'PreDelete'),
  hook('Job', 'kyverno-scale-to-zero', 'PreDelete'),
]);

/** Sealed Secrets 0.32 (chart 2.17), in kube-system, which Kyverno never admits. */
export const sealedSecretsPods = servicePods(
  'sealed-secrets',
  'kube-system',
  deployments('sealed-secrets-controller'),
);

/** CloudNativePG 1.29 (chart 0.28); the database pods it runs live in their services' namespaces. */
export const cnpgOperatorPods = servicePods(
  'cnpg-operator',
  'cnpg-system',
  deployments('cnpg-operator-cloudnative-pg'),
);

/** CloudNativePG's Barman Cloud plugin v0.13 (chart 0.7); the sidecar it adds runs in the database pods. */
export const barmanCloudPods = servicePods(
  'barman-cloud',
  'cnpg-system',
  deployments('barman-cloud-plugin-barman-cloud'),
);

/** Velero 1.18 (chart 12.1): the server and a node agent per node for file-system backups. */
export const veleroPods = servicePods('velero', 'backup', [
  chart('Deployment', 'velero'),
  chart('DaemonSet', 'node-agent', {
    rules: ['no-host-path', 'run-as-non-root', 'drop-capabilities'],
    reason: 'the node agent reads pod volumes from the host for file-system backups',
  }),
]);

/** Actions Runner Controller 0.14: the controller, and per scale set the listener and runner pods it creates. */
export const arcControllerPods = servicePods('arc-controller', 'arc-systems', [
  chart('Deployment', 'arc-controller-gha-rs-controller'),
  // Shaped by the scale set's listenerTemplate (arc-runners values), in the controller's namespace.
  made('Pod', '*-listener', 'arc-controller', 'AutoscalingRunnerSet listenerTemplate'),
]);

/** Runner pods, shaped by each scale set's `template`. */
export const arcRunnersPods = servicePods('arc-runners', 'arc-runners', [
  made('Pod', '*-runner-*', 'arc-controller', 'AutoscalingRunnerSet template'),
]);
