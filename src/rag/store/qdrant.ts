import { QdrantClient } from '@qdrant/js-client-rest';
import { UserError } from '../../errors.ts';
import type { CollectionInfo, EmbeddedChunk, Hit, Store, StoredChunks } from '../types.ts';

/**
 * A point's payload. `text` and `metadata` are the keys Open WebUI's Qdrant client reads (open-webui 0.8.11
 * `retrieval/vector/dbs/qdrant.py` `_result_to_get_result`: `payload['text']`, `payload['metadata']`);
 * `content` is the key LangChain's QdrantVectorStore (n8n's Qdrant Vector Store node) reads by default.
 */
export interface ShaiPayload {
  text: string;
  content: string;
  metadata: {
    source: string;
    name: string;
    headings: string[];
    hash: string;
    embedder: string;
  };
  [key: string]: unknown;
}

const PAGE = 256;

/** Qdrant through its official JS client: one collection per `--collection`, unnamed cosine vectors. */
export class QdrantStore implements Store {
  readonly kind = 'qdrant';
  private embedder = '';

  constructor(
    private readonly client: QdrantClient,
    readonly url: string,
  ) {}

  /** A store talking to `url` with `apiKey` (sent as the `api-key` header). */
  static connect(url: string, apiKey?: string): QdrantStore {
    return new QdrantStore(new QdrantClient({ url, apiKey, checkCompatibility: false }), url);
  }

  async ensure(collection: string, embedder: string, dimensions: number): Promise<void> {
    this.embedder = embedder;
    const { exists } = await this.client.collectionExists(collection);
    if (exists) {
      const info = await this.client.getCollection(collection);
      const vectors = info.config.params.vectors as { size?: number } | undefined;
      const sample = await this.sampleEmbedder(collection);
      if (vectors?.size !== dimensions || (sample && sample !== embedder)) {
        throw new UserError(
          `Qdrant collection "${collection}" holds ${vectors?.size ?? '?'}-dimension vectors of ${sample ?? 'another embedder'}, not ${embedder} (${dimensions}); drop it or pick another --collection`,
        );
      }
      return;
    }
    await this.client.createCollection(collection, { vectors: { size: dimensions, distance: 'Cosine' } });
    for (const field of ['metadata.source', 'metadata.hash']) {
      await this.client.createPayloadIndex(collection, {
        field_name: field,
        field_schema: 'keyword',
        wait: true,
      });
    }
  }

  private async sampleEmbedder(collection: string): Promise<string | undefined> {
    const page = await this.client.scroll(collection, {
      limit: 1,
      with_payload: ['metadata.embedder'],
      with_vector: false,
    });
    const payload = page.points[0]?.payload as Partial<ShaiPayload> | undefined;
    return payload?.metadata?.embedder;
  }

  async collections(): Promise<CollectionInfo[]> {
    const { collections } = await this.client.getCollections();
    const out: CollectionInfo[] = [];
    for (const { name } of [...collections].sort((a, b) => a.name.localeCompare(b.name))) {
      const info = await this.client.getCollection(name);
      const vectors = info.config.params.vectors as { size?: number } | undefined;
      const stored = await this.stored(name);
      out.push({
        name,
        embedder: (await this.sampleEmbedder(name)) ?? '-',
        dimensions: vectors?.size ?? 0,
        chunks: info.points_count ?? 0,
        sources: stored.size,
      });
    }
    return out;
  }

  async drop(collection: string): Promise<boolean> {
    const { exists } = await this.client.collectionExists(collection);
    if (!exists) return false;
    await this.client.deleteCollection(collection);
    return true;
  }

  async stored(collection: string): Promise<Map<string, StoredChunks>> {
    const out = new Map<string, StoredChunks>();
    let offset: string | number | undefined;
    do {
      const page = await this.client.scroll(collection, {
        limit: PAGE,
        offset,
        with_payload: ['metadata.source', 'metadata.hash'],
        with_vector: false,
      });
      for (const p of page.points) {
        const meta = (p.payload as Partial<ShaiPayload>).metadata;
        if (!meta?.source) continue;
        if (!out.has(meta.source)) out.set(meta.source, new Map());
        out.get(meta.source)!.set(String(p.id), meta.hash ?? '');
      }
      offset = (page.next_page_offset as string | number | null | undefined) ?? undefined;
    } while (offset !== undefined);
    return out;
  }

  async upsert(collection: string, chunks: EmbeddedChunk[]): Promise<void> {
    await this.client.upsert(collection, {
      wait: true,
      points: chunks.map((c) => ({ id: c.id, vector: c.vector, payload: payloadOf(c, this.embedder) })),
    });
  }

  async remove(collection: string, ids: string[]): Promise<void> {
    if (ids.length) await this.client.delete(collection, { wait: true, points: ids });
  }

  async search(collection: string, vector: number[], k: number): Promise<Hit[]> {
    const { points } = await this.client.query(collection, { query: vector, limit: k, with_payload: true });
    return points.map((p) => {
      const payload = p.payload as unknown as ShaiPayload;
      return {
        source: payload.metadata.source,
        headings: payload.metadata.headings,
        text: payload.text,
        score: p.score,
      };
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** The payload shai writes for a chunk. */
export function payloadOf(c: EmbeddedChunk, embedder: string): ShaiPayload {
  const name = c.headings.length ? `${c.source} › ${c.headings.join(' › ')}` : c.source;
  return {
    text: c.text,
    content: c.text,
    metadata: { source: c.source, name, headings: c.headings, hash: c.hash, embedder },
  };
}
