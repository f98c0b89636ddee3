import { createHash } from 'node:crypto';
import { estimateTokens } from './tokens.ts';
import type { Chunk, Document, Section } from './types.ts';

/** How big chunks are: at most `maxTokens` each (heading path included), `overlapTokens` repeated between neighbours. */
export interface ChunkOptions {
  maxTokens: number;
  overlapTokens: number;
}

/**
 * The chunk size for an embedding model: a retrieval-sized target (smaller chunks match questions more
 * precisely), never more than 90 % of the model's context so the heading path and estimation error fit.
 */
export function chunkOptionsFor(contextTokens: number, target = 350): ChunkOptions {
  const maxTokens = Math.max(32, Math.min(target, Math.floor(contextTokens * 0.9)));
  return { maxTokens, overlapTokens: Math.floor(maxTokens / 8) };
}

/** What is embedded for a chunk: its heading path, then its text, so a chunk knows where it stands. */
export function embeddingText(c: Pick<Chunk, 'headings' | 'text'>): string {
  return c.headings.length ? `${c.headings.join(' > ')}\n\n${c.text}` : c.text;
}

/** A piece of a section and the separator that joins it to the piece before it. */
interface Piece {
  text: string;
  sep: string;
}

/** Splits text into pieces no larger than `max` tokens: paragraphs, then lines, then words, then characters. */
function pieces(text: string, max: number, seps = ['\n\n', '\n', ' '], sep = '\n\n'): Piece[] {
  if (estimateTokens(text) <= max) return [{ text, sep }];
  const [next, ...rest] = seps;
  if (next === undefined) {
    // A single word over the budget (a long URL, a base64 blob) is cut by characters.
    return (text.match(new RegExp(`.{1,${max * 3}}`, 'gs')) ?? []).map((t) => ({ text: t, sep: '' }));
  }
  const parts = text.split(next).filter((p) => p.trim());
  if (parts.length === 1) return pieces(text, max, rest, sep);
  return parts.flatMap((p, i) => pieces(p, max, rest, i === 0 ? sep : next));
}

const join = (ps: Piece[]) => ps.map((p, i) => (i ? p.sep : '') + p.text).join('');

/** The last pieces of `prev` that fit in `tokens`: what the next chunk repeats. */
function tail(prev: Piece[], tokens: number): Piece[] {
  const out: Piece[] = [];
  let used = 0;
  for (let i = prev.length - 1; i >= 0; i--) {
    const t = estimateTokens(prev[i]!.text);
    if (used + t > tokens) break;
    out.unshift(prev[i]!);
    used += t;
  }
  return out;
}

function sectionTexts(section: Section, opts: ChunkOptions): string[] {
  const head = section.headings.length ? estimateTokens(section.headings.join(' > ')) + 2 : 0;
  const budget = Math.max(16, opts.maxTokens - head);
  const texts: string[] = [];
  let current: Piece[] = [];
  for (const p of pieces(section.text, budget)) {
    if (current.length && estimateTokens(join([...current, p])) > budget) {
      texts.push(join(current));
      current = tail(current, opts.overlapTokens);
      while (current.length && estimateTokens(join([...current, p])) > budget) current.shift();
    }
    current.push(p);
  }
  if (current.length) texts.push(join(current));
  return texts;
}

/** A UUID (the form Qdrant accepts as a point id) from a SHA-256 digest. */
function uuidOf(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Cuts a document into chunks that follow its headings. A chunk's id comes from its source, its content hash
 * and how often that content occurred before in the source, not from its position: inserting a section
 * leaves the ids (and so the vectors) of the unchanged chunks as they are.
 */
export function chunkDocument(doc: Document, opts: ChunkOptions): Chunk[] {
  const seen = new Map<string, number>();
  const chunks: Chunk[] = [];
  for (const section of doc.sections) {
    for (const text of sectionTexts(section, opts)) {
      const embedded = embeddingText({ headings: section.headings, text });
      const hash = sha256(embedded);
      const n = seen.get(hash) ?? 0;
      seen.set(hash, n + 1);
      chunks.push({
        id: uuidOf(sha256(`${doc.source}\0${hash}\0${n}`)),
        source: doc.source,
        headings: section.headings,
        text,
        hash,
        index: chunks.length,
        tokens: estimateTokens(embedded),
      });
    }
  }
  return chunks;
}
