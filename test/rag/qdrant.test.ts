/*
 * QdrantStore through the pinned official client (@qdrant/js-client-rest) against a STAND-IN of Qdrant's REST API
 * (test/helpers/qdrant-stand-in.ts): no real Qdrant can run on this machine. What is real: every request the
 * client sends, compared with the recording in test/fixtures/rag/qdrant-client-requests.json. A client upgrade
 * that changes a request fails here; re-record with SHAI_RECORD=1 and read the diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LexicalEmbedder } from '../../src/rag/embed/lexical.ts';
import { ingest } from '../../src/rag/ingest.ts';
import { searchMany } from '../../src/rag/query.ts';
import { QdrantStore } from '../../src/rag/store/qdrant.ts';
import type { SourceSet } from '../../src/rag/sources.ts';
import { startQdrantStandIn, type Exchange } from '../helpers/qdrant-stand-in.ts';
import { ROOT } from '../helpers/cli.ts';

const FIXTURE = join(ROOT, 'test/fixtures/rag/qdrant-client-requests.json');
const CLIENT = `@qdrant/js-client-rest@${(JSON.parse(readFileSync(join(ROOT, 'node_modules/@qdrant/js-client-rest/package.json'), 'utf8')) as { version: string }).version}`;
const KEY = 'test-api-key';

const sources = (docs: Record<string, string>): SourceSet => ({
  refs: Object.entries(docs).map(([source, text]) => ({
    source,
    read: () => Promise.resolve({ source, sections: [{ headings: [source.replace('.md', '')], text }] }),
  })),
  scopes: ['docs/'],
});

describe('QdrantStore with the pinned client', () => {
  let q: Awaited<ReturnType<typeof startQdrantStandIn>>;
  const embedder = new LexicalEmbedder(16);
  beforeAll(async () => {
    q = await startQdrantStandIn(KEY);
  });
  afterAll(() => q.close());

  it('ingests, skips unchanged chunks, deletes removed ones, searches and drops', async () => {
    const store = QdrantStore.connect(q.url, KEY);
    const run = (docs: Record<string, string>) =>
      ingest({ store, embedder, collection: 'shai-docs', sources: sources(docs), clock: () => 0 });
    expect(
      await run({ 'docs/a.md': 'velero backups every night', 'docs/b.md': 'sealed secrets in git' }),
    ).toMatchObject({
      chunksEmbedded: 2,
    });
    expect(await run({ 'docs/a.md': 'velero backups every night' })).toMatchObject({
      chunksEmbedded: 0,
      chunksKept: 1,
      removed: 1,
      chunksDeleted: 1,
    });
    const [hits] = await searchMany(store, embedder, 'shai-docs', ['velero backups'], 3);
    expect(hits).toEqual([
      {
        source: 'docs/a.md',
        headings: ['docs/a'],
        text: 'velero backups every night',
        score: expect.any(Number),
      },
    ]);
    expect(await store.collections()).toEqual([
      { name: 'shai-docs', embedder: 'lexical-hash-v1/16', dimensions: 16, chunks: 1, sources: 1 },
    ]);
    await expect(
      ingest({
        store,
        embedder: new LexicalEmbedder(32),
        collection: 'shai-docs',
        sources: sources({}),
        clock: () => 0,
      }),
    ).rejects.toThrow(/holds 16-dimension vectors of lexical-hash-v1\/16/);
    expect(await store.drop('shai-docs')).toBe(true);
    expect(await store.drop('shai-docs')).toBe(false);
  });

  it('writes the payload keys Open WebUI (text, metadata) and LangChain/n8n (content, metadata) read', () => {
    const upsert = q.exchanges.find(
      (e) => e.method === 'PUT' && e.path.startsWith('/collections/shai-docs/points'),
    );
    const point = (upsert!.body as { points: { payload: Record<string, unknown> }[] }).points[0]!;
    expect(Object.keys(point.payload).sort()).toEqual(['content', 'metadata', 'text']);
    expect(point.payload['metadata']).toMatchObject({
      source: 'docs/a.md',
      name: 'docs/a.md › docs/a',
      headings: ['docs/a'],
    });
  });

  it('sends exactly the recorded requests, with the API key on every one', () => {
    const sent = q.exchanges.map((e: Exchange) => ({ ...e, apiKey: e.apiKey === KEY ? '<key>' : e.apiKey }));
    if (process.env.SHAI_RECORD)
      writeFileSync(FIXTURE, `${JSON.stringify({ client: CLIENT, requests: sent }, null, 2)}\n`);
    const recorded = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { client: string; requests: Exchange[] };
    expect(recorded.client, 'the client version changed: re-record with SHAI_RECORD=1').toBe(CLIENT);
    expect(sent).toEqual(recorded.requests);
  });
});
