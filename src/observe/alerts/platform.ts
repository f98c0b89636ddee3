import type { AlertSpec } from '../types.ts';

/** Alerts that watch the platform rather than one service: nodes, pods, volumes and Jobs anywhere. */
export const PLATFORM_SERVICE = 'platform';

const pod = 'namespace="ai",pod="litellm-7d9c-abcde",container="litellm",uid="u1"';
const pvc = 'namespace="ai",persistentvolumeclaim="qdrant-data"';

/** The platform alerts (kube-prometheus-stack's own versions of them are switched off in its values). */
export function platformAlerts(): AlertSpec[] {
  return [
    {
      alert: 'NodeNotReady',
      expr: 'kube_node_status_condition{condition="Ready",status="true"} == 0',
      for: '5m',
      severity: 'critical',
      service: PLATFORM_SERVICE,
      summary: 'Node {{ $labels.node }} is not ready',
      description:
        'The kubelet of the node stopped reporting Ready: its pods are being evicted. Alerts of its pods are held back while this fires.',
      runbook: {
        meaning:
          'A node has not been Ready for 5 minutes: k3s stopped, the node is off or out of the network, or it is under disk/memory pressure.',
        confirm:
          '`kubectl get nodes`; `kubectl describe node <node>` (Conditions); `systemctl status k3s` (or k3s-agent) on the node; `shai doctor`.',
        covered: { analyzer: 'node-conditions' },
        fix: 'Bring the node back (power, network, `systemctl restart k3s-agent`); free disk if DiskPressure. Its pods return on their own.',
      },
      test: {
        fire: [
          {
            series: 'kube_node_status_condition{node="akula-prime",condition="Ready",status="true"}',
            values: '0x60',
          },
        ],
        quiet: [
          {
            series: 'kube_node_status_condition{node="akula-prime",condition="Ready",status="true"}',
            values: '1x60',
          },
        ],
        labels: { node: 'akula-prime', condition: 'Ready', status: 'true' },
      },
    },
    {
      alert: 'PodCrashLooping',
      // The pod's node comes from kube_pod_info, so a NodeNotReady of that node holds it back (Alertmanager).
      expr: '(max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}[5m]) >= 1) * on (namespace, pod) group_left (node) max by (namespace, pod, node) (kube_pod_info)',
      for: '10m',
      severity: 'warning',
      service: PLATFORM_SERVICE,
      summary: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} is crash looping',
      description: 'Container {{ $labels.container }} keeps restarting.',
      runbook: {
        meaning:
          'A container exits again and again; Kubernetes waits longer before each restart (CrashLoopBackOff).',
        confirm:
          '`kubectl logs -n <namespace> <pod> -c <container> --previous`; `shai doctor` gives the last exit code and reason (OOMKilled against the limit, a missing setting).',
        covered: { analyzer: 'pod-crash-loop' },
        fix: 'Follow `shai doctor`: OOMKilled → raise the memory limit in platform.yaml; a configuration error → the Secret or setting it names.',
      },
      test: {
        fire: [
          {
            series: `kube_pod_container_status_waiting_reason{${pod},reason="CrashLoopBackOff"}`,
            values: '1x60',
          },
          {
            series: 'kube_pod_info{namespace="ai",pod="litellm-7d9c-abcde",node="homelab",uid="u1"}',
            values: '1x60',
          },
        ],
        quiet: [
          {
            series: `kube_pod_container_status_waiting_reason{${pod},reason="ContainerCreating"}`,
            values: '1x60',
          },
          {
            series: 'kube_pod_info{namespace="ai",pod="litellm-7d9c-abcde",node="homelab",uid="u1"}',
            values: '1x60',
          },
        ],
        labels: {
          namespace: 'ai',
          pod: 'litellm-7d9c-abcde',
          container: 'litellm',
          uid: 'u1',
          reason: 'CrashLoopBackOff',
          node: 'homelab',
        },
      },
    },
    {
      alert: 'PersistentVolumeAlmostFull',
      expr: 'kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.10',
      for: '15m',
      severity: 'warning',
      service: PLATFORM_SERVICE,
      summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is almost full',
      description: 'Less than 10% of the claim is free ({{ $value | humanizePercentage }}).',
      runbook: {
        meaning:
          'A PersistentVolumeClaim has less than 10% free space; the service writing to it fails once it is full (databases stop, Prometheus drops samples).',
        confirm: 'Grafana → shai → Longhorn, "Volume usage"; `kubectl exec` into the pod and `df -h`.',
        covered: {
          none: 'free space is not in cluster objects; doctor reports this alert when it fires (`shai doctor --probe`)',
        },
        fix: 'Grow the storage size of the service in platform.yaml (Longhorn expands online), or lower its retention (Prometheus, Loki).',
      },
      test: {
        fire: [
          { series: `kubelet_volume_stats_available_bytes{${pvc}}`, values: '5x60' },
          { series: `kubelet_volume_stats_capacity_bytes{${pvc}}`, values: '100x60' },
        ],
        quiet: [
          { series: `kubelet_volume_stats_available_bytes{${pvc}}`, values: '50x60' },
          { series: `kubelet_volume_stats_capacity_bytes{${pvc}}`, values: '100x60' },
        ],
        labels: { namespace: 'ai', persistentvolumeclaim: 'qdrant-data' },
      },
    },
    {
      alert: 'NodeFilesystemAlmostFull',
      expr: 'node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs"} / node_filesystem_size_bytes{fstype!~"tmpfs|overlay|squashfs"} < 0.10',
      for: '15m',
      severity: 'warning',
      service: PLATFORM_SERVICE,
      summary: 'File system {{ $labels.mountpoint }} on {{ $labels.instance }} is almost full',
      description:
        'Less than 10% free ({{ $value | humanizePercentage }}); k3s evicts pods at 10% (DiskPressure) and Longhorn stops scheduling replicas.',
      runbook: {
        meaning: 'A node file system (the root, or a Longhorn disk) has less than 10% free space.',
        confirm: '`df -h` on the node; `crictl images` (unused images), the Longhorn UI (replica sizes).',
        covered: { analyzer: 'node-conditions' },
        fix: '`k3s crictl rmi --prune` for images; add a disk to platform.yaml storage or move volumes; lower log retention.',
      },
      test: {
        fire: [
          {
            series:
              'node_filesystem_avail_bytes{instance="homelab",device="/dev/sda1",fstype="ext4",mountpoint="/"}',
            values: '5x60',
          },
          {
            series:
              'node_filesystem_size_bytes{instance="homelab",device="/dev/sda1",fstype="ext4",mountpoint="/"}',
            values: '100x60',
          },
        ],
        quiet: [
          {
            series:
              'node_filesystem_avail_bytes{instance="homelab",device="tmpfs",fstype="tmpfs",mountpoint="/run"}',
            values: '1x60',
          },
          {
            series:
              'node_filesystem_size_bytes{instance="homelab",device="tmpfs",fstype="tmpfs",mountpoint="/run"}',
            values: '100x60',
          },
        ],
        labels: { instance: 'homelab', device: '/dev/sda1', fstype: 'ext4', mountpoint: '/' },
      },
    },
    {
      alert: 'JobFailed',
      expr: 'kube_job_failed{condition="true"} == 1',
      for: '5m',
      severity: 'warning',
      service: PLATFORM_SERVICE,
      summary: 'Job {{ $labels.namespace }}/{{ $labels.job_name }} failed',
      description: 'The Job used up its retries (model pulls, realm import, bucket creation).',
      runbook: {
        meaning:
          'A Job of the platform ended Failed: what it should have done (pull a model, import the realm, create buckets) did not happen.',
        confirm:
          '`kubectl logs -n <namespace> job/<job>`; `shai doctor` gives the failed pod and its reason.',
        covered: { analyzer: 'job-failed' },
        fix: 'Fix what the log names, then delete the Job; Argo CD recreates it on the next sync.',
      },
      test: {
        fire: [
          {
            series: 'kube_job_failed{namespace="ai",job_name="ollama-pull",condition="true"}',
            values: '1x60',
          },
        ],
        quiet: [
          {
            series: 'kube_job_failed{namespace="ai",job_name="ollama-pull",condition="true"}',
            values: '0x60',
          },
        ],
        labels: { namespace: 'ai', job_name: 'ollama-pull', condition: 'true' },
      },
    },
  ];
}
