import { stemmer } from 'stemmer';
import type { Embedder } from '../types.ts';

// NOT a neural model. shai's machines reach only package registries, and no npm package ships a sentence
// embedding model, so the embedder that works with no network is lexical: Porter-stemmed words and word pairs,
// hashed (signed feature hashing) into a fixed number of dimensions. It matches shared words, not meaning:
// a question that uses none of the document's words finds nothing. Against the cluster, `shai rag` embeds
// with the platform's neural `embed` model instead.

const STOP = new Set(
  (
    'a an and are as at be but by can do does for from has have how i if in into is it its me my no not of on ' +
    'or our so than that the their them then there these they this to was we what when where which who why ' +
    'will with would you your shai'
  ).split(' '),
);

/** Per-dimension document frequencies of a collection, for weighting query words by how rare they are. */
export interface DimensionStats {
  documents: number;
  frequencies: Float64Array;
}

/** FNV-1a, 32 bits: a fast, stable hash of a feature name. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Lower-cased, stemmed content words; `image-pinned` and `platform.yaml` also count as one word. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[a-z0-9]+(?:[-_./][a-z0-9]+)*/g)) {
    const word = m[0];
    const parts = word.split(/[-_./]/);
    if (parts.length > 1) out.push(word);
    for (const p of parts) if (!STOP.has(p) && (p.length > 1 || /\d/.test(p))) out.push(stemmer(p));
  }
  return out;
}

/** The feature counts of a text: its terms, and adjacent term pairs at half weight. */
export function features(text: string): Map<string, number> {
  const t = terms(text);
  const f = new Map<string, number>();
  const add = (k: string, w: number) => f.set(k, (f.get(k) ?? 0) + w);
  t.forEach((term, i) => {
    add(term, 1);
    if (i > 0) add(`${t[i - 1]} ${term}`, 0.5);
  });
  return f;
}

function normalise(v: Float64Array): number[] {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return Array.from(v, (x) => x / norm);
}

/**
 * The lexical hashing embedder. Documents weigh each feature by 1 + ln(count); queries weigh it by its inverse
 * document frequency when the store provides per-dimension counts (`withStats`), so rare words decide.
 */
export class LexicalEmbedder implements Embedder {
  readonly name: string;
  readonly contextTokens = Number.POSITIVE_INFINITY;

  constructor(
    readonly dimensions = 2048,
    private readonly stats?: DimensionStats,
  ) {
    this.name = `lexical-hash-v1/${dimensions}`;
  }

  /** The same embedder, weighing query features by the collection's document frequencies. */
  withStats(stats: DimensionStats): LexicalEmbedder {
    return new LexicalEmbedder(this.dimensions, stats);
  }

  embed(texts: string[], purpose: 'document' | 'query'): Promise<number[][]> {
    return Promise.resolve(texts.map((t) => this.one(t, purpose)));
  }

  private one(text: string, purpose: 'document' | 'query'): number[] {
    const v = new Float64Array(this.dimensions);
    for (const [feature, count] of features(text)) {
      const h = fnv1a(feature);
      const dim = h % this.dimensions;
      const sign = h & 0x80000000 ? -1 : 1;
      v[dim]! += sign * (purpose === 'query' ? count * this.idf(dim) : 1 + Math.log(count));
    }
    return normalise(v);
  }

  private idf(dim: number): number {
    if (!this.stats) return 1;
    const df = this.stats.frequencies[dim] ?? 0;
    return Math.log(1 + (this.stats.documents + 1) / (df + 1));
  }
}

/** The dimensions a vector uses: what a store counts for the document frequencies. */
export function usedDimensions(vector: readonly number[]): number[] {
  const dims: number[] = [];
  vector.forEach((x, i) => x !== 0 && dims.push(i));
  return dims;
}
