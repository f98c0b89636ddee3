import { chunkDocument, chunkOptionsFor, embeddingText } from './chunk.ts';
import { inScope, type SourceSet } from './sources.ts';
import type { Chunk, Embedder, Store } from './types.ts';

/** Where an ingest stands, for the progress bar. */
export interface IngestProgress {
  files: number;
  filesTotal: number;
  chunks: number;
  chunksTotal: number;
  tokens: number;
  seconds: number;
}

/** What an ingest did. */
export interface IngestSummary {
  collection: string;
  store: string;
  embedder: string;
  files: number;
  changed: number;
  unchanged: number;
  removed: number;
  failed: { source: string; error: string }[];
  chunksEmbedded: number;
  chunksKept: number;
  chunksDeleted: number;
  tokens: number;
  seconds: number;
}

/** What ingest needs: the store and embedder to use, and the clock (seconds) for rates. */
export interface IngestOptions {
  store: Store;
  embedder: Embedder;
  collection: string;
  sources: SourceSet;
  batchSize?: number;
  clock(): number;
  onProgress?(p: IngestProgress): void;
}

/** For one source: the chunks to embed and the stored ids to delete (pure). */
export function diffSource(chunks: Chunk[], stored: Map<string, string> | undefined) {
  const wanted = new Set(chunks.map((c) => c.id));
  return {
    embed: chunks.filter((c) => stored?.get(c.id) !== c.hash),
    remove: [...(stored?.keys() ?? [])].filter((id) => !wanted.has(id)),
  };
}

/**
 * Brings a collection in line with the sources: chunks whose id and hash are stored are kept (not embedded
 * again), new ones are embedded and stored in batches, chunks and sources no longer there are deleted. Each
 * batch is stored as it is embedded, so an interrupted ingest resumes where it stopped.
 */
export async function ingest(o: IngestOptions): Promise<IngestSummary> {
  const start = o.clock();
  await o.store.ensure(o.collection, o.embedder.name, o.embedder.dimensions);
  const stored = await o.store.stored(o.collection);
  const options = chunkOptionsFor(o.embedder.contextTokens);
  const summary: IngestSummary = {
    collection: o.collection,
    store: o.store.kind,
    embedder: o.embedder.name,
    files: o.sources.refs.length,
    changed: 0,
    unchanged: 0,
    removed: 0,
    failed: [],
    chunksEmbedded: 0,
    chunksKept: 0,
    chunksDeleted: 0,
    tokens: 0,
    seconds: 0,
  };
  const pending: { chunk: Chunk; last: boolean }[] = [];
  const listed = new Set(o.sources.refs.map((r) => r.source));
  for (const ref of o.sources.refs) {
    let chunks: Chunk[];
    try {
      chunks = chunkDocument(await ref.read(), options);
    } catch (e) {
      summary.failed.push({ source: ref.source, error: e instanceof Error ? e.message : String(e) });
      continue;
    }
    const diff = diffSource(chunks, stored.get(ref.source));
    if (diff.remove.length) await o.store.remove(o.collection, diff.remove);
    summary.chunksDeleted += diff.remove.length;
    summary.chunksKept += chunks.length - diff.embed.length;
    if (diff.embed.length || diff.remove.length) summary.changed++;
    else summary.unchanged++;
    diff.embed.forEach((chunk, i) => pending.push({ chunk, last: i === diff.embed.length - 1 }));
  }
  for (const [source, ids] of stored) {
    if (listed.has(source) || !inScope(source, o.sources.scopes)) continue;
    await o.store.remove(o.collection, [...ids.keys()]);
    summary.removed++;
    summary.chunksDeleted += ids.size;
  }
  const batchSize = o.batchSize ?? 64;
  const unchangedFiles = summary.unchanged;
  let filesDone = unchangedFiles + summary.changed - new Set(pending.map((p) => p.chunk.source)).size;
  const report = () =>
    o.onProgress?.({
      files: filesDone,
      filesTotal: summary.files - summary.failed.length,
      chunks: summary.chunksEmbedded,
      chunksTotal: pending.length,
      tokens: summary.tokens,
      seconds: o.clock() - start,
    });
  report();
  for (let i = 0; i < pending.length; i += batchSize) {
    const batch = pending.slice(i, i + batchSize);
    const vectors = await o.embedder.embed(
      batch.map((b) => embeddingText(b.chunk)),
      'document',
    );
    await o.store.upsert(
      o.collection,
      batch.map((b, j) => ({ ...b.chunk, vector: vectors[j]! })),
    );
    summary.chunksEmbedded += batch.length;
    summary.tokens += batch.reduce((n, b) => n + b.chunk.tokens, 0);
    filesDone += batch.filter((b) => b.last).length;
    report();
  }
  summary.seconds = o.clock() - start;
  return summary;
}
