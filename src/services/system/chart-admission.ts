import { resources } from '../helpers.ts';

/**
 * Chart values that make upstream chart pods pass the enforced admission policies (kyverno-policies): every
 * container needs CPU and memory limits, and pods need runAsNonRoot, no privilege escalation and dropped
 * capabilities stated. Charts leave most `resources` empty; each key below is the chart's own (cited), so a
 * pod the chart renders from it carries limits. Workloads that truly need privileges are excepted instead
 * (semantics/system-workloads.ts).
 */

// Containers the chart adds next to the main one (sidecars, init containers, hook Jobs): small and fixed.
const SMALL = resources('10m', '32Mi', '100m', '128Mi');
const MEDIUM = resources('50m', '64Mi', '500m', '256Mi');

/** A container securityContext that states what the policies require (our own init containers). */
export const RESTRICTED_CONTAINER = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

/** kube-prometheus-stack values beside Prometheus itself (merged into its values by the service). */
export const KUBE_PROMETHEUS_STACK_ADMISSION = {
  // alertmanager.alertmanagerSpec.resources: the Alertmanager container (the operator adds the reloader).
  alertmanagerSpec: { resources: MEDIUM },
  // grafana.resources, grafana.sidecar.resources (dashboard/datasource sidecars); grafana.initChownData runs
  // as root with CHOWN: off, the pod's fsGroup 472 already owns the volume.
  grafana: {
    resources: resources('100m', '128Mi', '500m', '512Mi'),
    sidecar: { resources: MEDIUM },
    initChownData: { enabled: false },
  },
  // prometheusOperator.resources, .prometheusConfigReloader.resources (the config-reloader sidecar and init
  // container of Prometheus and Alertmanager pods), .admissionWebhooks.patch.resources (certgen hook Jobs).
  prometheusOperator: {
    resources: MEDIUM,
    prometheusConfigReloader: { resources: SMALL },
    admissionWebhooks: { patch: { resources: SMALL } },
  },
  // Subcharts: kube-state-metrics.resources and prometheus-node-exporter.resources.
  'kube-state-metrics': { resources: MEDIUM },
  'prometheus-node-exporter': { resources: SMALL },
} as const;

/** loki chart: `sidecar.resources`, the rules sidecar (loki-sc-rules) of the single-binary pod. */
export const LOKI_ADMISSION = { sidecar: { resources: SMALL } } as const;

/** alloy chart: `configReloader.resources` (its default has requests only, no limits). */
export const ALLOY_ADMISSION = { configReloader: { resources: SMALL } } as const;

/**
 * velero chart: `podSecurityContext`/`containerSecurityContext` (the server Deployment, both empty by default),
 * `nodeAgent.resources`/`nodeAgent.containerSecurityContext` (the node agent keeps root, excepted). The chart's
 * upgrade-crds hook Job is off (velero.ts), and `kubectl.*` is read only by the cleanup-crds Job, which is off.
 */
export const VELERO_ADMISSION = {
  // The image's USER is a name (cnb), which the kubelet cannot verify as non-root: a numeric uid is stated.
  podSecurityContext: {
    runAsNonRoot: true,
    runAsUser: 65532,
    runAsGroup: 65532,
    fsGroup: 65532,
    seccompProfile: { type: 'RuntimeDefault' },
  },
  containerSecurityContext: {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: true,
  },
  nodeAgent: {
    resources: resources('100m', '256Mi', '1', '1Gi'),
    containerSecurityContext: { allowPrivilegeEscalation: false },
  },
} as const;

/** Resources of the velero plugin init container we add (chart `initContainers` are copied verbatim). */
export const VELERO_PLUGIN_RESOURCES = SMALL;
