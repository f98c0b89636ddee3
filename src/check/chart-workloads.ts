/** A resident pod template a chart Application creates, with the requests the scheduler reserves for each pod. */
export interface ChartWorkload {
  /** The Application (= Helm release) that renders it. */
  application: string;
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  name: string;
  /** Pods of a Deployment or StatefulSet; a DaemonSet runs one per node it admits. */
  replicas?: number;
  /** Per pod: the larger of its biggest init container and the sum of its containers. */
  requests: { cpu: string; memory: string };
  nodeSelector?: Record<string, string>;
  tolerations?: Record<string, string>[];
}

type Shape = Pick<ChartWorkload, 'replicas' | 'nodeSelector' | 'tolerations'>;

/** A recorded workload: one pod (a DaemonSet's: per node) unless `shape` says how many replicas. */
const workload =
  (kind: ChartWorkload['kind']) =>
  (application: string, name: string, cpu: string, memory: string, shape: Shape = {}): ChartWorkload => ({
    application,
    kind,
    name,
    ...(kind === 'DaemonSet' ? {} : { replicas: 1 }),
    requests: { cpu, memory },
    ...shape,
  });
const deployment = workload('Deployment');
const statefulSet = workload('StatefulSet');
const daemonSet = workload('DaemonSet');

const LINUX = { 'kubernetes.io/os': 'linux' };
const noSchedule = (key: string, value = '') => ({ effect: 'NoSchedule', key, operator: 'Equal', value });
const MASTER = noSchedule('node-role.kubernetes.io/master');
const CONTROL_PLANE = noSchedule('node-role.kubernetes.io/control-plane');
const ANY_GPU = { effect: 'NoSchedule', key: 'nvidia.com/gpu', operator: 'Exists' };
const GPU_TRUE = noSchedule('nvidia.com/gpu', 'true');

/**
 * The chart and version each Application of CHART_WORKLOADS was recorded at. An Application that deploys another
 * chart or version (a tree shai did not render, or one rendered by another shai) gets no stand-ins: its pods are
 * unknown here, not guessed from a recording of something else.
 */
export const CHART_PINS: Readonly<Record<string, { chart: string; version: string }>> = {
  alloy: { chart: 'alloy', version: '1.10.1' },
  'arc-controller': { chart: 'gha-runner-scale-set-controller', version: '0.14.2' },
  argocd: { chart: 'argo-cd', version: '9.5.11' },
  'barman-cloud': { chart: 'plugin-barman-cloud', version: '0.7.0' },
  'cert-manager': { chart: 'cert-manager', version: 'v1.21.1' },
  'cnpg-operator': { chart: 'cloudnative-pg', version: '0.28.0' },
  'gpu-operator': { chart: 'gpu-operator', version: 'v25.10.1' },
  'kube-prometheus-stack': { chart: 'kube-prometheus-stack', version: '88.5.3' },
  kyverno: { chart: 'kyverno', version: '3.9.0' },
  loki: { chart: 'loki', version: '6.30.1' },
  longhorn: { chart: 'longhorn', version: '1.12.1' },
  'sealed-secrets': { chart: 'sealed-secrets', version: '2.17.6' },
  velero: { chart: 'velero', version: '12.1.0' },
};

/**
 * The resident workloads of every chart Application at its pin, with the values shai renders: what real helm
 * wrote for the default platform (test/fixtures/charts/, the recordings), which
 * test/check/chart-workloads.test.ts holds this table equal to (printing these lines when it differs). The
 * scheduler simulation places them beside shai's own pods, so node budgets count the charts too. Pods an operator
 * creates at run time are derived separately (scheduling-stand-ins.ts); Longhorn's and the NVIDIA operator's carry
 * no requests.
 */
export const CHART_WORKLOADS: readonly ChartWorkload[] = [
  daemonSet('alloy', 'alloy', '110m', '160Mi', { tolerations: [{ operator: 'Exists' }] }),
  deployment('arc-controller', 'arc-controller-gha-rs-controller', '100m', '128Mi'),
  deployment('argocd', 'argocd-applicationset-controller', '50m', '64Mi', { nodeSelector: LINUX }),
  deployment('argocd', 'argocd-notifications-controller', '20m', '64Mi', { nodeSelector: LINUX }),
  deployment('argocd', 'argocd-repo-server', '100m', '256Mi', { nodeSelector: LINUX }),
  deployment('argocd', 'argocd-server', '50m', '128Mi', { nodeSelector: LINUX }),
  deployment('argocd', 'argocd-redis', '50m', '64Mi', { nodeSelector: LINUX }),
  statefulSet('argocd', 'argocd-application-controller', '250m', '512Mi', { nodeSelector: LINUX }),
  deployment('barman-cloud', 'barman-cloud-plugin-barman-cloud', '50m', '64Mi'),
  deployment('cert-manager', 'cert-manager-cainjector', '20m', '64Mi', { nodeSelector: LINUX }),
  deployment('cert-manager', 'cert-manager', '50m', '128Mi', { nodeSelector: LINUX }),
  deployment('cert-manager', 'cert-manager-webhook', '10m', '32Mi', { nodeSelector: LINUX }),
  deployment('cnpg-operator', 'cnpg-operator-cloudnative-pg', '100m', '128Mi'),
  daemonSet('gpu-operator', 'gpu-operator-node-feature-discovery-worker', '10m', '64Mi', {
    tolerations: [MASTER, CONTROL_PLANE, ANY_GPU],
  }),
  deployment('gpu-operator', 'gpu-operator-node-feature-discovery-master', '50m', '128Mi', {
    tolerations: [CONTROL_PLANE],
  }),
  deployment('gpu-operator', 'gpu-operator-node-feature-discovery-gc', '10m', '64Mi'),
  deployment('gpu-operator', 'gpu-operator', '100m', '256Mi', { tolerations: [MASTER, CONTROL_PLANE] }),
  daemonSet('kube-prometheus-stack', 'kube-prometheus-stack-prometheus-node-exporter', '10m', '32Mi', {
    nodeSelector: LINUX,
    tolerations: [{ effect: 'NoSchedule', operator: 'Exists' }],
  }),
  deployment('kube-prometheus-stack', 'kube-prometheus-stack-grafana', '200m', '256Mi'),
  deployment('kube-prometheus-stack', 'kube-prometheus-stack-kube-state-metrics', '50m', '64Mi'),
  deployment('kube-prometheus-stack', 'kube-prometheus-stack-operator', '50m', '64Mi'),
  deployment('kyverno', 'kyverno-admission-controller', '100m', '256Mi', { nodeSelector: LINUX }),
  deployment('kyverno', 'kyverno-background-controller', '100m', '64Mi', { nodeSelector: LINUX }),
  deployment('kyverno', 'kyverno-cleanup-controller', '100m', '64Mi', { nodeSelector: LINUX }),
  deployment('kyverno', 'kyverno-reports-controller', '100m', '64Mi', { nodeSelector: LINUX }),
  statefulSet('loki', 'loki', '260m', '544Mi'),
  daemonSet('longhorn', 'longhorn-manager', '0m', '0Mi', { tolerations: [GPU_TRUE] }),
  deployment('longhorn', 'longhorn-driver-deployer', '0m', '0Mi', { tolerations: [GPU_TRUE] }),
  deployment('longhorn', 'longhorn-ui', '0m', '0Mi', { replicas: 2 }),
  deployment('sealed-secrets', 'sealed-secrets-controller', '50m', '64Mi'),
  daemonSet('velero', 'node-agent', '100m', '256Mi'),
  deployment('velero', 'velero', '100m', '256Mi'),
];
