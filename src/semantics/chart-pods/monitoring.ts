import { BARE, chart, deployments, hook, made, servicePods } from './types.ts';

const OPERATOR = 'prometheus-operator';

/** kube-prometheus-stack 88.5: Grafana, kube-state-metrics, node-exporter, the operator and what it runs. */
export const kubePrometheusStackPods = servicePods('kube-prometheus-stack', 'monitoring', [
  ...deployments(
    'kube-prometheus-stack-grafana',
    'kube-prometheus-stack-kube-state-metrics',
    'kube-prometheus-stack-operator',
  ),
  chart('DaemonSet', 'kube-prometheus-stack-prometheus-node-exporter', {
    // Its chart runs it as user 65534 with a read-only root, but states no dropped capabilities or escalation.
    rules: ['no-host-path', 'no-host-namespaces', 'drop-capabilities', 'no-privilege-escalation'],
    reason: 'node-exporter uses the host network, PID namespace and root filesystem',
  }),
  // The admission webhook's certificate: created before the sync, patched into the webhooks after it.
  hook('Job', 'kube-prometheus-stack-admission-create', 'PreSync'),
  hook('Job', 'kube-prometheus-stack-admission-patch', 'PostSync'),
  hook('Pod', 'kube-prometheus-stack-grafana-test', 'never'),
  made(
    'StatefulSet',
    'prometheus-kube-prometheus-stack-prometheus',
    OPERATOR,
    'Prometheus kube-prometheus-stack-prometheus',
  ),
  made(
    'StatefulSet',
    'alertmanager-kube-prometheus-stack-alertmanager',
    OPERATOR,
    'Alertmanager kube-prometheus-stack-alertmanager',
  ),
]);

/** Loki 6.30 as one single-binary StatefulSet. */
export const lokiPods = servicePods('loki', 'monitoring', [chart('StatefulSet', 'loki')]);

/** Grafana Alloy 1.10: one collector per node. */
export const alloyPods = servicePods('alloy', 'monitoring', [
  chart('DaemonSet', 'alloy', {
    rules: ['no-host-path', ...BARE],
    reason: 'reads container logs from the host path /var/log/pods as root',
  }),
]);
