import { serviceUrl } from '../build/refs.ts';
import { resources, singleReplica } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { CHARTS } from './versions.ts';
import { ALLOY_ADMISSION } from './system/chart-admission.ts';

/** Grafana Alloy as a DaemonSet: tails the pod logs of each node and pushes them to Loki. */
export const alloy: ServiceDef = {
  name: 'alloy',
  title: 'Grafana Alloy',
  description: 'Log collector on every node, with Kubernetes metadata as labels.',
  layer: 'ops',
  namespace: 'monitoring',
  wave: 0,
  defaultEnabled: true,
  images: {},
  chart: CHARTS.alloy,
  ports: [{ name: 'http', port: 12345 }],
  needs: [{ service: 'loki', port: 'http', why: 'pushes the collected logs' }],
  exposes: [],
  secrets: [],
  storage: [],
  metrics: { port: 'http', path: '/metrics' },
  egress: { apiServer: true },
  // The chart's crds subchart: the PodLogs CRD of Alloy's Kubernetes components.
  installsCrds: ['monitoring.grafana.com'],
  // The log collector runs on every node: only its own pods get its allowances, not the stack's beside it.
  network: { podLabel: { key: 'app.kubernetes.io/instance', value: 'alloy' } },
  perNode: true,
  backup: { kind: 'none', reason: 'stateless collector' },
  scaling: singleReplica('a DaemonSet: one pod per node'),
  resources: resources('100m', '128Mi', '1', '512Mi'),
  podSecurity: { level: 'privileged', reason: 'reads container logs from the host path /var/log/pods' },
  build: ({ plan, self }) => ({
    chart: {
      ...CHARTS.alloy,
      values: {
        controller: { type: 'daemonset', tolerations: [{ operator: 'Exists' }] },
        alloy: {
          configMap: {
            create: true,
            content: alloyConfig(`${serviceUrl(plan, 'loki', 'http')}/loki/api/v1/push`),
          },
          // Mounts /var/log from the host: the pod log files.
          mounts: { varlog: true },
          extraEnv: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
          resources: self.resources,
        },
        serviceMonitor: { enabled: true },
        // The config-reloader sidecar needs limits too (chart key `configReloader.resources`).
        ...ALLOY_ADMISSION,
      },
    },
    objects: [],
  }),
};

/** Alloy's pipeline: the pods of this node, their log files tailed, Kubernetes labels, pushed to Loki. */
function alloyConfig(pushUrl: string): string {
  return `discovery.kubernetes "pods" {
  role = "pod"
  // Only this node's pods: each DaemonSet pod tails its own node's files.
  selectors {
    role  = "pod"
    field = "spec.nodeName=" + sys.env("NODE_NAME")
  }
}

discovery.relabel "pods" {
  targets = discovery.kubernetes.pods.targets
  rule {
    source_labels = ["__meta_kubernetes_namespace"]
    target_label  = "namespace"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_name"]
    target_label  = "pod"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_container_name"]
    target_label  = "container"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_label_app_kubernetes_io_name"]
    target_label  = "app"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"]
    separator     = "/"
    target_label  = "__path__"
    replacement   = "/var/log/pods/*$1/*.log"
  }
}

local.file_match "pods" {
  path_targets = discovery.relabel.pods.output
}

loki.source.file "pods" {
  targets    = local.file_match.pods.targets
  forward_to = [loki.process.pods.receiver]
}

loki.process "pods" {
  stage.cri {}
  forward_to = [loki.write.default.receiver]
}

loki.write "default" {
  endpoint {
    url = "${pushUrl}"
  }
}
`;
}
