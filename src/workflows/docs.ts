import { WORKFLOW_SERVICES } from '../config/workflows.ts';
import { credentialRef } from './credentials.ts';
import type { WorkflowDef } from './types.ts';

const N8N = 'http://n8n.automation.svc.cluster.local:5678';

/** Where a workflow is started from, and a `curl` that starts it. */
function trigger(w: WorkflowDef): string[] {
  const body = w.example
    ? `  -H 'content-type: application/json' \\\n  -d '${JSON.stringify(w.example)}'`
    : '';
  switch (w.trigger.kind) {
    case 'sub-workflow':
      return [
        `**Trigger:** called by other workflows (n8n's Execute Workflow node or a workflow tool), with \`{ "query": "..." }\`; it has no URL.`,
      ];
    case 'webhook':
      return [
        `**Trigger:** \`POST ${N8N}/webhook/${w.trigger.path}\` (in the cluster; the public host is behind single sign-on).`,
        '',
        '```sh',
        `curl -X POST ${N8N}/webhook/${w.trigger.path} \\`,
        body,
        '```',
      ];
    case 'chat':
      return [
        `**Trigger:** n8n's chat (open the workflow, then *Chat*), or \`POST ${N8N}/webhook/${w.trigger.webhookId}/chat\`.`,
        '',
        '```sh',
        `curl -X POST ${N8N}/webhook/${w.trigger.webhookId}/chat \\`,
        body,
        '```',
      ];
  }
}

/** docs/workflows.md: every workflow shai ships, from the registry. */
export function workflowsMarkdown(workflows: readonly WorkflowDef[]): string {
  const out = [
    '# n8n workflows',
    '',
    '<!-- Generated from src/workflows/ by `npm run generate`; do not edit. -->',
    '',
    "shai imports these workflows into n8n on every start of its pod, through n8n's own CLI in an init container:",
    'the credentials first (from mounted Secrets), then the workflows under fixed ids (a re-import updates them in',
    'place, never duplicates them), then it publishes them all, so that n8n registers their webhooks and runs the',
    'sub-workflows their callers call.',
    'Choose them and their parameters under `workflows:` in platform.yaml (docs/platform.md lists every key); a',
    'workflow whose services are off or whose settings are missing is skipped, and `shai plan` says why.',
    '',
    'shai owns these ids: an edit made in the n8n editor is replaced at the next start. To change one, duplicate it',
    'in n8n (the copy gets its own id) or change its parameters in platform.yaml.',
    '',
    'The examples call n8n inside the cluster (`kubectl -n automation port-forward svc/n8n 5678` and',
    '`http://localhost:5678` from a workstation).',
    '',
    "`shai doctor --probe` reports the workflows' failures: every n8n workflow with failed executions in the last",
    "day (n8n's public API; create an API key in n8n's Settings → n8n API and pass it in `SHAI_N8N_API_KEY`), and",
    'ComfyUI prompts that failed in the last day or a queue where work waits and nothing finished for 30 minutes, each',
    'named by the workflow that queued it. In a pod doctor calls their Services; from a workstation give',
    '`--n8n http://localhost:5678` and `--comfyui http://localhost:8188` (port-forwards).',
    '',
  ];
  for (const w of workflows) {
    const credentials = w.credentials.map((c) => `\`${credentialRef(c).ref.name}\``);
    out.push(
      `## ${w.id}`,
      '',
      w.purpose,
      '',
      `n8n name _${w.name}_, id \`${w.n8nId}\`. Needs: ${WORKFLOW_SERVICES[w.id].map((s) => `\`${s}\``).join(', ') || 'nothing but n8n'}.`,
      ...(credentials.length ? ['', `Credentials: ${credentials.join(', ')}.`] : []),
      '',
      ...trigger(w).filter((l, i, all) => l !== '' || all[i - 1] !== ''),
      '',
      '**Calls:**',
      '',
      ...w.calls.map((c) => `- ${c}`),
      '',
    );
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
