import { ALERT_DIGEST_PATH } from '../config/workflows.ts';
import { chain, stableUuid, workflow } from './nodes.ts';
import { chatNode } from './http.ts';
import type { WorkflowDef } from './types.ts';

const SYSTEM =
  'You write the alert digest of a small Kubernetes platform for its administrator: at most eight short lines, ' +
  'the most severe first, each naming the alert, where it fires and what to look at. No preamble.';

/** One line per alert of Alertmanager's webhook payload (version 4: status, labels, annotations). */
const ALERTS =
  "($json.body.alerts ?? []).map((a) => '[' + a.status + '] ' + a.labels.alertname + ' (' + (a.labels.severity ?? 'none') + ', ' + (a.labels.namespace ?? 'cluster') + '): ' + (a.annotations.summary ?? a.annotations.description ?? '')).join('\\n')";

/** Alertmanager webhook → a digest by the `small` alias → e-mail to alerts.email's recipient. */
export const alertDigest: WorkflowDef = {
  id: 'alert-digest',
  n8nId: 'shaiAlertDigest1',
  name: 'shai: alert digest',
  trigger: { kind: 'webhook', path: ALERT_DIGEST_PATH },
  credentials: ['litellm', 'smtp'],
  purpose:
    "Alertmanager's platform receiver posts every alert group here; the `small` alias writes a short digest, " +
    "mailed to `alerts.email.to` through `alerts.email`'s relay (in addition to Alertmanager's own mail).",
  calls: [
    'LiteLLM `POST /v1/chat/completions` (alias `workflows.alert-digest.model`, default `small`)',
    'SMTP `alerts.email.smarthost`, as `alerts.email.from` with `alerts.email.password`',
  ],
  example: {
    version: '4',
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'PodCrashLooping', severity: 'warning', namespace: 'ai' },
        annotations: { summary: 'litellm restarts' },
      },
    ],
  },
  build(plan) {
    const email = plan.config.alerts.email!;
    const payload = "$('Alertmanager').first().json.body";
    return workflow(
      this.n8nId,
      this.name,
      [
        {
          name: 'Alertmanager',
          type: 'n8n-nodes-base.webhook',
          typeVersion: 2,
          webhookId: stableUuid(this.n8nId, 'webhook'),
          parameters: {
            httpMethod: 'POST',
            path: ALERT_DIGEST_PATH,
            responseMode: 'onReceived',
            options: {},
          },
        },
        chatNode(plan, 'Digest', plan.config.workflows['alert-digest'].model, SYSTEM, ALERTS),
        {
          name: 'Mail',
          type: 'n8n-nodes-base.emailSend',
          typeVersion: 2.1,
          parameters: {
            fromEmail: email.from,
            toEmail: email.to,
            subject: `={{ 'Alert digest: ' + ${payload}.alerts.length + ' alert(s), ' + ${payload}.status }}`,
            emailFormat: 'text',
            text: '={{ $json.choices[0].message.content }}',
            options: { appendAttribution: false },
          },
          credentials: ['smtp'],
        },
      ],
      chain('Alertmanager', 'Digest', 'Mail'),
    );
  },
};
