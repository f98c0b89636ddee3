import { LexicalEmbedder, type DimensionStats } from './embed/lexical.ts';
import type { Embedder, Hit, Store } from './types.ts';

type WithStats = Store & { stats(collection: string): Promise<DimensionStats> };
const hasStats = (s: Store): s is WithStats => typeof (s as Partial<WithStats>).stats === 'function';

/**
 * The embedder for queries: the lexical one weighs query words by the collection's document frequencies when
 * the store keeps them (the embedded store does); a neural embedder is used as it is.
 */
export async function queryEmbedder(embedder: Embedder, store: Store, collection: string): Promise<Embedder> {
  if (embedder instanceof LexicalEmbedder && hasStats(store))
    return embedder.withStats(await store.stats(collection));
  return embedder;
}

/** The k nearest chunks of each query, best first. */
export async function searchMany(
  store: Store,
  embedder: Embedder,
  collection: string,
  queries: string[],
  k: number,
): Promise<Hit[][]> {
  const e = await queryEmbedder(embedder, store, collection);
  const vectors = await e.embed(queries, 'query');
  const out: Hit[][] = [];
  for (const v of vectors) out.push(await store.search(collection, v, k));
  return out;
}

/** Hits as text: rank, score, source and heading path, then the start of the chunk. */
export function hitsText(hits: Hit[]): string {
  if (!hits.length) return 'no results\n';
  return hits
    .map((h, i) => {
      const where = h.headings.length ? `${h.source} › ${h.headings.join(' › ')}` : h.source;
      const snippet = h.text.replace(/\s+/g, ' ').slice(0, 200);
      return `${i + 1}. ${h.score.toFixed(3)}  ${where}\n   ${snippet}${h.text.length > 200 ? '…' : ''}`;
    })
    .join('\n')
    .concat('\n');
}
