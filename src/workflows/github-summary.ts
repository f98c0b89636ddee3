import { chain, stableUuid, workflow } from './nodes.ts';
import { chatNode, httpNode } from './http.ts';
import type { WorkflowDef } from './types.ts';

const SYSTEM =
  'Summarise this GitHub pull request or issue for a reviewer in at most six bullet points: what it changes or ' +
  'asks, the risks, and what to check. Plain Markdown, no preamble.';

// GitHub's own issue/pull_request webhook payload, or `{ repository: "owner/name", number: 12 }`.
const REPO = '($json.body.repository?.full_name ?? $json.body.repository)';
const NUMBER = '($json.body.pull_request?.number ?? $json.body.issue?.number ?? $json.body.number)';

/** A pull request or issue → a summary by the `coder` alias → a comment on it (a GitHub token the user supplies). */
export const githubSummary: WorkflowDef = {
  id: 'github-summary',
  n8nId: 'shaiGithubSumm01',
  name: 'shai: GitHub summary',
  trigger: { kind: 'webhook', path: 'github-summary' },
  credentials: ['litellm', 'github'],
  purpose:
    'Summarises a GitHub pull request or issue with the `coder` alias and posts the summary as a comment. Off ' +
    "by default: it needs `workflows.github-summary.token`. Takes GitHub's own issue or pull_request webhook " +
    'payload, or `{ repository, number }`.',
  calls: [
    'GitHub `GET /repos/<owner>/<name>/issues/<number>`, `POST .../comments` (the token of the credential)',
    'LiteLLM `POST /v1/chat/completions` (alias `workflows.github-summary.model`, default `coder`)',
  ],
  example: { repository: 'example/homelab', number: 12 },
  build(plan) {
    const issue = "$('Issue').first().json";
    return workflow(
      this.n8nId,
      this.name,
      [
        {
          name: 'GitHub event',
          type: 'n8n-nodes-base.webhook',
          typeVersion: 2,
          webhookId: stableUuid(this.n8nId, 'webhook'),
          parameters: { httpMethod: 'POST', path: 'github-summary', responseMode: 'onReceived', options: {} },
        },
        httpNode(
          'Issue',
          'github',
          'GET',
          `={{ 'https://api.github.com/repos/' + ${REPO} + '/issues/' + ${NUMBER} }}`,
        ),
        chatNode(
          plan,
          'Summarise',
          plan.config.workflows['github-summary'].model,
          SYSTEM,
          "'# ' + $json.title + '\\n\\n' + ($json.body ?? '')",
        ),
        httpNode(
          'Comment',
          'github',
          'POST',
          `={{ ${issue}.url + '/comments' }}`,
          '={{ JSON.stringify({ body: $json.choices[0].message.content }) }}',
        ),
      ],
      chain('GitHub event', 'Issue', 'Summarise', 'Comment'),
    );
  },
};
