import type { ExporterMetrics } from '../types.ts';
import { m } from './metric.ts';

/** kube-state-metrics: the metrics shai's queries use, each in the docs tables at the tag. */
export const kubeStateMetrics: ExporterMetrics = {
  id: 'kube-state-metrics',
  title: 'kube-state-metrics',
  version: 'v2.20.0 (chart kube-state-metrics 8.4.0 of kube-prometheus-stack 88.5.3)',
  source: 'kubernetes/kube-state-metrics v2.20.0 docs/metrics/{workload,cluster,storage}/*-metrics.md',
  metrics: {
    kube_deployment_status_replicas_available: m('gauge', 'namespace', 'deployment'),
    kube_deployment_spec_replicas: m('gauge', 'namespace', 'deployment'),
    kube_statefulset_status_replicas_ready: m('gauge', 'namespace', 'statefulset'),
    kube_statefulset_replicas: m('gauge', 'namespace', 'statefulset'),
    kube_daemonset_status_number_available: m('gauge', 'namespace', 'daemonset'),
    kube_daemonset_status_desired_number_scheduled: m('gauge', 'namespace', 'daemonset'),
    kube_pod_container_status_waiting_reason: m('gauge', 'namespace', 'pod', 'container', 'reason', 'uid'),
    kube_pod_container_status_restarts_total: m('counter', 'namespace', 'pod', 'container', 'uid'),
    kube_pod_info: m(
      'gauge',
      'namespace',
      'pod',
      'uid',
      'host_ip',
      'pod_ip',
      'node',
      'created_by_kind',
      'created_by_name',
      'priority_class',
      'host_network',
    ),
    kube_pod_status_phase: m('gauge', 'namespace', 'pod', 'uid', 'phase'),
    kube_node_status_condition: m('gauge', 'node', 'condition', 'status'),
    kube_node_status_allocatable: m('gauge', 'node', 'resource', 'unit'),
    kube_node_info: m(
      'gauge',
      'node',
      'kernel_version',
      'os_image',
      'container_runtime_version',
      'kubelet_version',
      'kubeproxy_version',
      'provider_id',
      'pod_cidr',
      'internal_ip',
    ),
    kube_job_failed: m('gauge', 'namespace', 'job_name', 'condition'),
  },
};
