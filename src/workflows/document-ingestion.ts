import { chain, stableUuid, workflow } from './nodes.ts';
import { collectionUrl, httpNode, litellmV1 } from './http.ts';
import type { WorkflowDef } from './types.ts';

/** Cuts the posted text into overlapping chunks at paragraph or sentence ends near the size. */
const chunkCode = (size: number, overlap: number) => `const body = $input.first().json.body ?? {};
const source = String(body.source ?? '').trim();
const text = String(body.text ?? '').replace(/\\r\\n/g, '\\n').trim();
if (!source || !text) throw new Error('post JSON { "source": "<name or URL>", "text": "<the document>" }');
const size = ${size}, overlap = ${overlap};
const out = [];
for (let start = 0; start < text.length; ) {
  let end = Math.min(text.length, start + size);
  if (end < text.length) {
    const cut = Math.max(text.lastIndexOf('\\n\\n', end), text.lastIndexOf('. ', end));
    if (cut > start + size / 2) end = cut + 1;
  }
  out.push(text.slice(start, end).trim());
  if (end >= text.length) break;
  start = Math.max(end - overlap, start + 1);
}
return out.filter(Boolean).map((t) => ({ json: { source, text: t } }));`;

/**
 * The point of each chunk in the payload \`shai rag\` writes (src/rag/store/qdrant.ts payloadOf: text, content,
 * metadata.source/name/headings/hash/embedder) and its id as \`shai rag\` derives it (src/rag/chunk.ts: the UUID
 * form of sha256(source \\0 sha256(text) \\0 n), n counting equal chunks before it), so both fill one collection.
 */
const pointsCode = (embedder: string) => `const chunks = $('Point ids').all().map((i) => i.json);
const vectors = $input.all().map((i) => i.json.data[0].embedding);
const uuid = (h) => [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20, 32)].join('-');
const points = chunks.map((c, i) => ({
  id: uuid(c.pointHash),
  vector: vectors[i],
  payload: { text: c.text, content: c.text, metadata: { source: c.source, name: c.source, headings: [], hash: c.hash, embedder: ${JSON.stringify(embedder)} } },
}));
return [{ json: { source: chunks[0].source, dimensions: vectors[0].length, points } }];`;

/** Numbers equal chunks of one source (n in the id) after their hash is known. */
const NUMBER = `const seen = {};
return $input.all().map((i) => { const n = seen[i.json.hash] ?? 0; seen[i.json.hash] = n + 1; return { json: { ...i.json, n } }; });`;

/**
 * Document ingestion: `POST /webhook/ingest` with `{ source, text }` → chunks → `embed` → the collection, the
 * source's old chunks removed first, so posting a changed document again replaces it.
 */
export const documentIngestion: WorkflowDef = {
  id: 'document-ingestion',
  n8nId: 'shaiIngestDocs01',
  name: 'shai: document ingestion',
  trigger: { kind: 'webhook', path: 'ingest' },
  credentials: ['litellm', 'qdrant'],
  purpose:
    'Adds a document to the RAG collection: cuts the posted text into overlapping chunks, embeds them and ' +
    'upserts them with the payload and ids `shai rag` writes, after removing the chunks the same source had, so ' +
    'posting a changed document again replaces it. Answers with the number of chunks.',
  calls: [
    'LiteLLM `POST /v1/embeddings` (alias `workflows.document-ingestion.model`, default `embed`), once per chunk',
    'Qdrant `PUT /collections/<collection>` (created on first use), `POST .../points/delete`, `PUT .../points`',
  ],
  example: { source: 'runbooks/minio.md', text: '# MinIO\n\nRestore a bucket with ...' },
  build(plan) {
    const w = plan.config.workflows['document-ingestion'];
    const collection = collectionUrl(plan);
    const hash = (name: string, value: string, property: string) => ({
      name,
      type: 'n8n-nodes-base.crypto',
      typeVersion: 1,
      parameters: { action: 'hash', type: 'SHA256', value, dataPropertyName: property, encoding: 'hex' },
    });
    const sourceFilter = `{ filter: { must: [{ key: 'metadata.source', match: { value: $('Points').first().json.source } }] } }`;
    return workflow(
      this.n8nId,
      this.name,
      [
        {
          name: 'Document',
          type: 'n8n-nodes-base.webhook',
          typeVersion: 2,
          webhookId: stableUuid(this.n8nId, 'webhook'),
          parameters: { httpMethod: 'POST', path: 'ingest', responseMode: 'responseNode', options: {} },
        },
        {
          name: 'Chunk',
          type: 'n8n-nodes-base.code',
          typeVersion: 2,
          parameters: { jsCode: chunkCode(w.chunkSize, w.chunkOverlap) },
        },
        hash('Chunk hash', '={{ $json.text }}', 'hash'),
        { name: 'Number', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: NUMBER } },
        hash('Point ids', "={{ $json.source + '\\u0000' + $json.hash + '\\u0000' + $json.n }}", 'pointHash'),
        httpNode(
          'Embed',
          'litellm',
          'POST',
          `${litellmV1(plan)}/embeddings`,
          `={{ JSON.stringify({ model: ${JSON.stringify(w.model)}, input: $json.text }) }}`,
        ),
        {
          name: 'Points',
          type: 'n8n-nodes-base.code',
          typeVersion: 2,
          parameters: { jsCode: pointsCode(`litellm:${w.model}`) },
        },
        // 409 when the collection exists: the answer is not an error here.
        httpNode(
          'Ensure collection',
          'qdrant',
          'PUT',
          collection,
          "={{ JSON.stringify({ vectors: { size: $json.dimensions, distance: 'Cosine' } }) }}",
          { response: { response: { neverError: true } } },
        ),
        httpNode(
          'Drop old chunks',
          'qdrant',
          'POST',
          `${collection}/points/delete?wait=true`,
          `={{ JSON.stringify(${sourceFilter}) }}`,
        ),
        httpNode(
          'Upsert',
          'qdrant',
          'PUT',
          `${collection}/points?wait=true`,
          "={{ JSON.stringify({ points: $('Points').first().json.points }) }}",
        ),
        {
          name: 'Done',
          type: 'n8n-nodes-base.respondToWebhook',
          typeVersion: 1.1,
          parameters: {
            respondWith: 'json',
            responseBody: `={{ JSON.stringify({ collection: ${JSON.stringify(plan.config.workflows.collection)}, source: $('Points').first().json.source, chunks: $('Points').first().json.points.length }) }}`,
            options: {},
          },
        },
      ],
      chain(
        'Document',
        'Chunk',
        'Chunk hash',
        'Number',
        'Point ids',
        'Embed',
        'Points',
        'Ensure collection',
        'Drop old chunks',
        'Upsert',
        'Done',
      ),
    );
  },
};
