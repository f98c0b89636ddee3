import { chain, workflow } from './nodes.ts';
import { collectionUrl, httpNode, litellmV1 } from './http.ts';
import type { WorkflowDef } from './types.ts';

/** Turns Qdrant's hits (payloads written by document-ingestion and `shai rag`) into one context text. */
const FORMAT = `const points = $input.first().json.result?.points ?? [];
const hits = points.map((p) => ({ source: p.payload?.metadata?.source ?? '', text: p.payload?.text ?? p.payload?.content ?? '', score: p.score }));
return [{ json: { context: hits.map((h) => '[' + h.source + ']\\n' + h.text).join('\\n\\n'), hits } }];`;

/**
 * Query-time retrieval as a sub-workflow: the question is embedded by the `embed` alias and the closest chunks of
 * the collection `shai rag` and document-ingestion fill are returned. chat-with-tools calls it as a tool.
 */
export const ragRetrieval: WorkflowDef = {
  id: 'rag-retrieval',
  n8nId: 'shaiRagRetrieve1',
  name: 'shai: RAG retrieval (sub-workflow)',
  trigger: { kind: 'sub-workflow' },
  credentials: ['litellm', 'qdrant'],
  purpose:
    "Query-time retrieval for other workflows: embeds a question and returns the collection's closest chunks " +
    '(`context` text and `hits` with source and score). The chat agent uses it as its documents tool.',
  calls: [
    'LiteLLM `POST /v1/embeddings` (alias `workflows.rag-retrieval.model`, default `embed`)',
    'Qdrant `POST /collections/<workflows.collection>/points/query`',
  ],
  build(plan) {
    const w = plan.config.workflows['rag-retrieval'];
    return workflow(
      this.n8nId,
      this.name,
      [
        {
          name: 'Question',
          type: 'n8n-nodes-base.executeWorkflowTrigger',
          typeVersion: 1.1,
          parameters: {
            inputSource: 'workflowInputs',
            workflowInputs: { values: [{ name: 'query', type: 'string' }] },
          },
        },
        httpNode(
          'Embed question',
          'litellm',
          'POST',
          `${litellmV1(plan)}/embeddings`,
          `={{ JSON.stringify({ model: ${JSON.stringify(w.model)}, input: $json.query }) }}`,
        ),
        httpNode(
          'Search collection',
          'qdrant',
          'POST',
          `${collectionUrl(plan)}/points/query`,
          `={{ JSON.stringify({ query: $json.data[0].embedding, limit: ${w.topK}, with_payload: true }) }}`,
        ),
        { name: 'Context', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: FORMAT } },
      ],
      chain('Question', 'Embed question', 'Search collection', 'Context'),
    );
  },
};
