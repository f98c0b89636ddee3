import type { Plan } from '../../plan/types.ts';
import { isPlanned, planned } from '../../build/refs.ts';

/** Where the Prometheus operator mounts `alertmanagerSpec.secrets`: `<dir>/<secret>/<key>`. */
export const ALERTMANAGER_SECRETS_DIR = '/etc/alertmanager/secrets';

/** One Prometheus alerting rule. */
export interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: 'warning' | 'critical' };
  annotations: { summary: string; description: string };
}

const rule = (
  alert: string,
  expr: string,
  forDuration: string,
  severity: 'warning' | 'critical',
  summary: string,
  description: string,
): AlertRule => ({
  alert,
  expr,
  for: forDuration,
  labels: { severity },
  annotations: { summary, description },
});

/** The platform's alerting rule groups, from the plan: GPU nodes by name, AI services by namespace. */
export function platformRuleGroups(plan: Plan): { name: string; rules: AlertRule[] }[] {
  const gpuNodes = plan.config.cluster.nodes.filter((n) => (n.gpus ?? []).length > 0).map((n) => n.name);
  const workloads = [
    rule(
      'PodCrashLooping',
      'max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}[5m]) >= 1',
      '10m',
      'warning',
      'Pod {{ $labels.namespace }}/{{ $labels.pod }} is crash looping',
      'Container {{ $labels.container }} keeps restarting; see `kubectl logs --previous`.',
    ),
    rule(
      'PersistentVolumeAlmostFull',
      'kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.10',
      '15m',
      'warning',
      'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is almost full',
      'Less than 10% of the claim is free ({{ $value | humanizePercentage }}).',
    ),
  ];
  // A GPU node that stops advertising nvidia.com/gpu leaves every GPU pod pending (driver or toolkit broken).
  const gpu = gpuNodes.map((node) =>
    rule(
      `GpuNodeWithoutGpu`,
      `(max(kube_node_status_allocatable{node="${node}",resource="nvidia_com_gpu"}) or vector(0)) == 0`,
      '15m',
      'critical',
      `GPU node ${node} advertises no nvidia.com/gpu`,
      'The GPU operator, driver or time-slicing config is broken on this node; GPU workloads cannot schedule.',
    ),
  );
  const argocd = isPlanned(plan, 'argocd')
    ? [
        rule(
          'ArgoCdAppDegraded',
          'max by (name) (argocd_app_info{health_status="Degraded"}) == 1',
          '15m',
          'warning',
          'Argo CD Application {{ $labels.name }} is degraded',
          'One of its resources is unhealthy; open it in Argo CD.',
        ),
      ]
    : [];
  const ai = ['litellm', 'ollama-gpu', 'ollama-cpu']
    .filter((s) => isPlanned(plan, s))
    .map((s) => {
      const svc = planned(plan, s);
      const name = s
        .split('-')
        .map((w) => w[0]!.toUpperCase() + w.slice(1))
        .join('');
      return rule(
        `${name}Down`,
        `(max(kube_deployment_status_replicas_available{namespace="${svc.namespace}",deployment="${s}"}) or vector(0)) < 1`,
        '5m',
        'critical',
        `${svc.def.title} has no available replica`,
        `Deployment ${svc.namespace}/${s} has no ready pod.`,
      );
    });
  return [
    { name: 'shai.workloads', rules: workloads },
    ...(gpu.length ? [{ name: 'shai.gpu', rules: gpu }] : []),
    ...(argocd.length ? [{ name: 'shai.gitops', rules: argocd }] : []),
    ...(ai.length ? [{ name: 'shai.ai', rules: ai }] : []),
  ];
}

/** Secrets Alertmanager mounts for its receivers (names of platform.yaml `alerts`). */
export function alertSecrets(plan: Plan): string[] {
  const { slack, email } = plan.config.alerts;
  return [
    ...new Set([...(slack ? [slack.webhook.name] : []), ...(email ? [email.password.name] : [])]),
  ].sort();
}

/** Alertmanager's configuration: receivers from platform.yaml `alerts`, credentials read from mounted files. */
export function alertmanagerConfig(plan: Plan): Record<string, unknown> {
  const { slack, email } = plan.config.alerts;
  const file = (ref: { name: string; key: string }) => `${ALERTMANAGER_SECRETS_DIR}/${ref.name}/${ref.key}`;
  const platform = {
    name: 'platform',
    ...(slack
      ? {
          slack_configs: [{ api_url_file: file(slack.webhook), channel: slack.channel, send_resolved: true }],
        }
      : {}),
    ...(email
      ? {
          email_configs: [
            {
              to: email.to,
              from: email.from,
              smarthost: email.smarthost,
              auth_username: email.from,
              auth_password_file: file(email.password),
              require_tls: true,
              send_resolved: true,
            },
          ],
        }
      : {}),
  };
  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: 'platform',
      group_by: ['alertname', 'namespace'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      // The chart's always-firing Watchdog and InfoInhibitor exist for dead-man switches, not for people.
      routes: [{ receiver: 'null', matchers: ['alertname=~"Watchdog|InfoInhibitor"'] }],
    },
    inhibit_rules: [
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"'],
        equal: ['alertname', 'namespace'],
      },
    ],
    receivers: [{ name: 'null' }, platform],
  };
}
