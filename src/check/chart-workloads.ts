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

/**
 * The chart and version each Application of CHART_WORKLOADS was recorded at. An Application that deploys another
 * chart or version (a tree shai did not render, or one rendered by another shai) gets no stand-ins: its pods are
 * unknown here, not guessed from a recording of something else.
 */
export const CHART_PINS: Readonly<Record<string, { chart: string; version: string }>> = {
  alloy: {
    chart: 'alloy',
    version: '1.10.1',
  },
  'arc-controller': {
    chart: 'gha-runner-scale-set-controller',
    version: '0.14.2',
  },
  argocd: {
    chart: 'argo-cd',
    version: '9.5.11',
  },
  'barman-cloud': {
    chart: 'plugin-barman-cloud',
    version: '0.7.0',
  },
  'cert-manager': {
    chart: 'cert-manager',
    version: 'v1.21.1',
  },
  'cnpg-operator': {
    chart: 'cloudnative-pg',
    version: '0.28.0',
  },
  'gpu-operator': {
    chart: 'gpu-operator',
    version: 'v25.10.1',
  },
  'kube-prometheus-stack': {
    chart: 'kube-prometheus-stack',
    version: '88.5.3',
  },
  kyverno: {
    chart: 'kyverno',
    version: '3.9.0',
  },
  loki: {
    chart: 'loki',
    version: '6.30.1',
  },
  longhorn: {
    chart: 'longhorn',
    version: '1.12.1',
  },
  'sealed-secrets': {
    chart: 'sealed-secrets',
    version: '2.17.6',
  },
  velero: {
    chart: 'velero',
    version: '12.1.0',
  },
};

/**
 * The resident workloads of every chart Application at its pin, with the values shai renders: what real helm
 * wrote for the default platform (test/fixtures/charts/, the recordings), which test/check/scheduler/
 * chart-workloads.test.ts holds this table equal to. The scheduler simulation places them beside shai's own
 * pods, so node budgets count the charts too. Pods an operator creates at run time are derived separately
 * (stand-ins.ts); Longhorn's and the NVIDIA operator's carry no requests.
 */
export const CHART_WORKLOADS: readonly ChartWorkload[] = [
  {
    application: 'alloy',
    kind: 'DaemonSet',
    name: 'alloy',
    requests: {
      cpu: '110m',
      memory: '160Mi',
    },
    tolerations: [
      {
        operator: 'Exists',
      },
    ],
  },
  {
    application: 'arc-controller',
    kind: 'Deployment',
    name: 'arc-controller-gha-rs-controller',
    replicas: 1,
    requests: {
      cpu: '100m',
      memory: '128Mi',
    },
  },
  {
    application: 'argocd',
    kind: 'Deployment',
    name: 'argocd-applicationset-controller',
    replicas: 1,
    requests: {
      cpu: '50m',
      memory: '64Mi',
    },
    nodeSelector: {
      'kubernetes.io/os': 'linux',
    },
  },
  {
    application: 'argocd',
    kind: 'Deployment',
    name: 'argocd-notifications-controller',
    replicas: 1,
    requests: {
      cpu: '20m',
      memory: '64Mi',
    },
    nodeSelector: {
      'kubernetes.io/os': 'linux',
    },
  },
  {
    application: 'argocd',
    kind: 'Deployment',
    name: 'argocd-repo-server',
    replicas: 1,
    requests: {
      cpu: '100m',
      memory: '256Mi',
    },
    nodeSelector: {
      'kubernetes.io/os': 'linux',
    },
  },
  {
    application: 'argocd',
    kind: 'Deployment',
    name: 'argocd-server',
    replicas: 1,
    requests: {
      cpu: '50m',
      memory: '128Mi',
    },
    nodeSelector: {
      'kubernetes.io/os': 'linux',
    },
  },
  {
    application: 'argocd',
    kind: 'Deployment',
    name: 'argocd-redis',
    replicas: 1,
    requests: {
      cpu: '50m',
      memory: '64Mi',
    },
    nodeSelector: {
      'kubernetes.io/os': 'linux',
    },
  },
  {
    application: 'argocd',
    kind: 'StatefulSet',
    name: 'argocd-application-controller',
    replicas: 1,
    requests: {
      cpu: '250m',
      memory: '512Mi',
    },
    nodeSelector: {
      'kubernetes.io/os': 'linux',
    },
  },
  {
    application: 'barman-cloud',
    kind: 'Deployment',
    name: 'barman-cloud-plugin-barman-cloud',
    replicas: 1,
    requests: {
      cpu: '50m',
      memory: '64Mi',
    },
  },
  {
    application: 'cert-manager',
    kind: 'Deployment',
    name: 'cert-manager-cainjector',
    replicas: 1,
    requests: {
      cpu: '20m',
      memory: '64Mi',
    },
    nodeSelector: {
      'kubernetes.io/os': 'linux',
    },
  },
  {
    application: 'cert-manager',
    kind: 'Deployment',
    name: 'cert-manager',
    replicas: 1,
    requests: {
      cpu: '50m',
      memory: '128Mi',
    },
    nodeSelector: {
      'kubernetes.io/os': 'linux',
    },
  },
  {
    application: 'cert-manager',
    kind: 'Deployment',
    name: 'cert-manager-webhook',
    replicas: 1,
    requests: {
      cpu: '10m',
      memory: '32Mi',
    },
    nodeSelector: {
      'kubernetes.io/os': 'linux',
    },
  },
  {
    application: 'cnpg-operator',
    kind: 'Deployment',
    name: 'cnpg-operator-cloudnative-pg',
    replicas: 1,
    requests: {
      cpu: '100m',
      memory: '128Mi',
    },
  },
  {
    application: 'gpu-operator',
    kind: 'DaemonSet',
    name: 'gpu-operator-node-feature-discovery-worker',
    requests: {
      cpu: '10m',
      memory: '64Mi',
    },
    tolerations: [
      {
        effect: 'NoSchedule',
        key: 'node-role.kubernetes.io/master',
        operator: 'Equal',
        value: '',
      },
      {
        effect: 'NoSchedule',
        key: 'node-role.kubernetes.io/control-plane',
        operator: 'Equal',
        value: '',
      },
      {
        effect: 'NoSchedule',
        key: 'nvidia.com/gpu',
        operator: 'Exists',
      },
    ],
  },
  {
    application: 'gpu-operator',
    kind: 'Deployment',
    name: 'gpu-operator-node-feature-discovery-master',
    replicas: 1,
    requests: {
      cpu: '50m',
      memory: '128Mi',
    },
    tolerations: [
      {
        effect: 'NoSchedule',
        key: 'node-role.kubernetes.io/control-plane',
        operator: 'Equal',
        value: '',
      },
    ],
  },
  {
    application: 'gpu-operator',
    kind: 'Deployment',
    name: 'gpu-operator-node-feature-discovery-gc',
    replicas: 1,
    requests: {
      cpu: '10m',
      memory: '64Mi',
    },
  },
  {
    application: 'gpu-operator',
    kind: 'Deployment',
    name: 'gpu-operator',
    replicas: 1,
    requests: {
      cpu: '100m',
      memory: '256Mi',
    },
    tolerations: [
      {
        effect: 'NoSchedule',
        key: 'node-role.kubernetes.io/master',
        operator: 'Equal',
        value: '',
      },
      {
        effect: 'NoSchedule',
        key: 'node-role.kubernetes.io/control-plane',
        operator: 'Equal',
        value: '',
      },
    ],
  },
  {
    application: 'kube-prometheus-stack',
    kind: 'DaemonSet',
    name: 'kube-prometheus-stack-prometheus-node-exporter',
    requests: {
      cpu: '10m',
      memory: '32Mi',
    },
    nodeSelector: {
      'kubernetes.io/os': 'linux',
    },
    tolerations: [
      {
        effect: 'NoSchedule',
        operator: 'Exists',
      },
    ],
  },
  {
    application: 'kube-prometheus-stack',
    kind: 'Deployment',
    name: 'kube-prometheus-stack-grafana',
    replicas: 1,
    requests: {
      cpu: '200m',
      memory: '256Mi',
    },
  },
  {
    application: 'kube-prometheus-stack',
    kind: 'Deployment',
    name: 'kube-prometheus-stack-kube-state-metrics',
    replicas: 1,
    requests: {
      cpu: '50m',
      memory: '64Mi',
    },
  },
  {
    application: 'kube-prometheus-stack',
    kind: 'Deployment',
    name: 'kube-prometheus-stack-operator',
    replicas: 1,
    requests: {
      cpu: '50m',
      memory: '64Mi',
    },
  },
  {
    application: 'kyverno',
    kind: 'Deployment',
    name: 'kyverno-admission-controller',
    replicas: 1,
    requests: {
      cpu: '100m',
      memory: '256Mi',
    },
    nodeSelector: {
      'kubernetes.io/os': 'linux',
    },
  },
  {
    application: 'kyverno',
    kind: 'Deployment',
    name: 'kyverno-background-controller',
    replicas: 1,
    requests: {
      cpu: '100m',
      memory: '64Mi',
    },
    nodeSelector: {
      'kubernetes.io/os': 'linux',
    },
  },
  {
    application: 'kyverno',
    kind: 'Deployment',
    name: 'kyverno-cleanup-controller',
    replicas: 1,
    requests: {
      cpu: '100m',
      memory: '64Mi',
    },
    nodeSelector: {
      'kubernetes.io/os': 'linux',
    },
  },
  {
    application: 'kyverno',
    kind: 'Deployment',
    name: 'kyverno-reports-controller',
    replicas: 1,
    requests: {
      cpu: '100m',
      memory: '64Mi',
    },
    nodeSelector: {
      'kubernetes.io/os': 'linux',
    },
  },
  {
    application: 'loki',
    kind: 'StatefulSet',
    name: 'loki',
    replicas: 1,
    requests: {
      cpu: '260m',
      memory: '544Mi',
    },
  },
  {
    application: 'longhorn',
    kind: 'DaemonSet',
    name: 'longhorn-manager',
    requests: {
      cpu: '0m',
      memory: '0Mi',
    },
    tolerations: [
      {
        effect: 'NoSchedule',
        key: 'nvidia.com/gpu',
        operator: 'Equal',
        value: 'true',
      },
    ],
  },
  {
    application: 'longhorn',
    kind: 'Deployment',
    name: 'longhorn-driver-deployer',
    replicas: 1,
    requests: {
      cpu: '0m',
      memory: '0Mi',
    },
    tolerations: [
      {
        effect: 'NoSchedule',
        key: 'nvidia.com/gpu',
        operator: 'Equal',
        value: 'true',
      },
    ],
  },
  {
    application: 'longhorn',
    kind: 'Deployment',
    name: 'longhorn-ui',
    replicas: 2,
    requests: {
      cpu: '0m',
      memory: '0Mi',
    },
  },
  {
    application: 'sealed-secrets',
    kind: 'Deployment',
    name: 'sealed-secrets-controller',
    replicas: 1,
    requests: {
      cpu: '50m',
      memory: '64Mi',
    },
  },
  {
    application: 'velero',
    kind: 'DaemonSet',
    name: 'node-agent',
    requests: {
      cpu: '100m',
      memory: '256Mi',
    },
  },
  {
    application: 'velero',
    kind: 'Deployment',
    name: 'velero',
    replicas: 1,
    requests: {
      cpu: '100m',
      memory: '256Mi',
    },
  },
];
