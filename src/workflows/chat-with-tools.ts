import { byId, stableUuid, workflow } from './nodes.ts';
import { ragRetrieval } from './rag-retrieval.ts';
import type { WorkflowDef } from './types.ts';

const SYSTEM =
  'You are the assistant of a self-hosted AI platform. Use the documents tool for questions about the ' +
  "platform's own documents and the web search tool for current facts; say which source an answer comes from.";

/**
 * A chat agent on the `general` alias with two tools: SearXNG web search and the RAG collection (the
 * rag-retrieval sub-workflow), on `POST /webhook/chat` with `{ sessionId, chatInput }`.
 */
export const chatWithTools: WorkflowDef = {
  id: 'chat-with-tools',
  n8nId: 'shaiChatTools001',
  name: 'shai: chat with tools',
  // A plain webhook with a JSON body, which any HTTP client (curl, another workflow) can call; the agent's prompt
  // and memory key come from the body.
  trigger: { kind: 'webhook', path: 'chat' },
  credentials: ['litellm', 'searxng'],
  purpose:
    "A chat agent on LiteLLM's `general` alias with two tools: SearXNG web search and the RAG collection " +
    '(rag-retrieval). Post a message with a session id to its webhook; it remembers the last ten turns of a session.',
  calls: [
    'LiteLLM `POST /v1/chat/completions` (alias `workflows.chat-with-tools.model`, default `general`, with tools)',
    'SearXNG `GET /search?format=json` (its web search tool)',
    'the rag-retrieval sub-workflow (its documents tool)',
  ],
  example: {
    sessionId: 'demo',
    chatInput: 'What does our backup runbook say about MinIO?',
  },
  build(plan) {
    const w = plan.config.workflows['chat-with-tools'];
    const webhookId = stableUuid(this.n8nId, 'webhook');
    return workflow(
      this.n8nId,
      this.name,
      [
        {
          name: 'Chat',
          type: 'n8n-nodes-base.webhook',
          typeVersion: 2,
          webhookId,
          parameters: { httpMethod: 'POST', path: 'chat', responseMode: 'responseNode', options: {} },
        },
        {
          name: 'Agent',
          type: '@n8n/n8n-nodes-langchain.agent',
          typeVersion: 1.7,
          parameters: {
            promptType: 'define',
            text: '={{ $json.body.chatInput }}',
            options: { systemMessage: SYSTEM },
          },
        },
        {
          name: 'Chat model',
          type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
          typeVersion: 1.2,
          parameters: { model: byId(w.model), options: {} },
          credentials: ['litellm'],
        },
        {
          name: 'Memory',
          type: '@n8n/n8n-nodes-langchain.memoryBufferWindow',
          typeVersion: 1.3,
          parameters: {
            sessionIdType: 'customKey',
            sessionKey: "={{ $('Chat').first().json.body.sessionId ?? 'default' }}",
            contextWindowLength: 10,
          },
        },
        {
          name: 'Web search',
          type: '@n8n/n8n-nodes-langchain.toolSearXng',
          typeVersion: 1,
          parameters: { options: {} },
          credentials: ['searxng'],
        },
        {
          name: 'Documents',
          type: '@n8n/n8n-nodes-langchain.toolWorkflow',
          typeVersion: 2.2,
          parameters: {
            description:
              "Looks a question up in the platform's document collection and returns the closest passages.",
            source: 'database',
            workflowId: byId(ragRetrieval.n8nId),
            workflowInputs: {
              mappingMode: 'defineBelow',
              value: { query: "={{ $fromAI('query', 'the question to look up', 'string') }}" },
              matchingColumns: [],
              schema: [
                {
                  id: 'query',
                  displayName: 'query',
                  required: false,
                  defaultMatch: false,
                  display: true,
                  canBeUsedToMatch: true,
                  type: 'string',
                },
              ],
              attemptToConvertTypes: false,
              convertFieldsToString: false,
            },
          },
        },
        {
          name: 'Answer',
          type: 'n8n-nodes-base.respondToWebhook',
          typeVersion: 1.1,
          parameters: {
            respondWith: 'json',
            responseBody: '={{ JSON.stringify({ output: $json.output }) }}',
            options: {},
          },
        },
      ],
      [
        { from: 'Chat', to: 'Agent' },
        { from: 'Agent', to: 'Answer' },
        { from: 'Chat model', to: 'Agent', type: 'ai_languageModel' },
        { from: 'Memory', to: 'Agent', type: 'ai_memory' },
        { from: 'Web search', to: 'Agent', type: 'ai_tool' },
        { from: 'Documents', to: 'Agent', type: 'ai_tool' },
      ],
    );
  },
};
