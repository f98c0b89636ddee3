import { ALERT_DIGEST_PATH } from '../config/workflows.ts';
import type { Plan } from '../plan/types.ts';
import { importedWorkflows } from '../plan/workflows.ts';

/** Where the Prometheus operator mounts `alertmanagerSpec.secrets`: `<dir>/<secret>/<key>`. */
export const ALERTMANAGER_SECRETS_DIR = '/etc/alertmanager/secrets';

/** Receiver names: the severities shai's rules use, and the one that drops an alert. */
export const RECEIVERS = { critical: 'critical', warning: 'warning', none: 'null' } as const;

/** Secrets Alertmanager mounts for its receivers (names of platform.yaml `alerts`). */
export function alertSecrets(plan: Plan): string[] {
  const { slack, email } = plan.config.alerts;
  return [
    ...new Set([...(slack ? [slack.webhook.name] : []), ...(email ? [email.password.name] : [])]),
  ].sort();
}

/** The n8n alert-digest workflow's webhook, when n8n imports it (src/workflows/alert-digest.ts). */
function alertDigestWebhook(plan: Plan): Record<string, unknown> {
  if (!importedWorkflows(plan.config, new Set(plan.services.map((s) => s.name))).includes('alert-digest'))
    return {};
  const n8n = plan.services.find((s) => s.name === 'n8n')!;
  const port = n8n.def.ports.find((p) => p.name === 'http')!.port;
  const url = `http://n8n.${n8n.namespace}.svc.cluster.local:${port}/webhook/${ALERT_DIGEST_PATH}`;
  return { webhook_configs: [{ url, send_resolved: true }] };
}

function receiverConfigs(plan: Plan, withEmail: boolean): Record<string, unknown> {
  const { slack, email } = plan.config.alerts;
  const file = (ref: { name: string; key: string }) => `${ALERTMANAGER_SECRETS_DIR}/${ref.name}/${ref.key}`;
  return {
    ...alertDigestWebhook(plan),
    ...(slack
      ? {
          slack_configs: [{ api_url_file: file(slack.webhook), channel: slack.channel, send_resolved: true }],
        }
      : {}),
    ...(email && withEmail
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
}

/**
 * Alertmanager's configuration from platform.yaml `alerts`: critical alerts go to every receiver (Slack and
 * e-mail) and repeat hourly; warnings go to Slack (to e-mail when Slack is not configured) twice a day. Credentials
 * are read from the mounted Secrets.
 */
export function alertmanagerConfig(plan: Plan): Record<string, unknown> {
  const warningsByEmail = !plan.config.alerts.slack;
  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: RECEIVERS.warning,
      group_by: ['alertname', 'service', 'namespace'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '12h',
      routes: [
        // The chart's always-firing Watchdog and InfoInhibitor exist for dead-man switches, not for people;
        // severity info (chart rules) is for dashboards.
        { receiver: RECEIVERS.none, matchers: ['alertname=~"Watchdog|InfoInhibitor"'] },
        {
          receiver: RECEIVERS.critical,
          matchers: ['severity="critical"'],
          group_wait: '10s',
          repeat_interval: '1h',
        },
        { receiver: RECEIVERS.warning, matchers: ['severity="warning"'] },
        { receiver: RECEIVERS.none, matchers: ['severity="info"'] },
      ],
    },
    inhibit_rules: [
      // A node that is down explains the alerts of the pods on it (alerts that carry its `node` label).
      {
        source_matchers: ['alertname="NodeNotReady"'],
        target_matchers: ['alertname!="NodeNotReady"'],
        equal: ['node'],
      },
      // The page of a burn rate (or any critical rule) holds back the ticket of the same alert and service.
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"'],
        equal: ['alertname', 'service'],
      },
      // A service that is down explains its failed scrapes.
      {
        source_matchers: ['alertname="ServiceUnavailable"'],
        target_matchers: ['alertname="ServiceTargetDown"'],
        equal: ['service'],
      },
    ],
    receivers: [
      { name: RECEIVERS.none },
      { name: RECEIVERS.critical, ...receiverConfigs(plan, true) },
      { name: RECEIVERS.warning, ...receiverConfigs(plan, warningsByEmail) },
    ],
  };
}
