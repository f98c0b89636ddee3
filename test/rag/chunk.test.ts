import { describe, expect, it } from 'vitest';
import { chunkDocument, chunkOptionsFor, embeddingText } from '../../src/rag/chunk.ts';
import { estimateTokens } from '../../src/rag/tokens.ts';
import type { Document } from '../../src/rag/types.ts';

const para = (i: number) =>
  `Paragraph ${i} talks about sealed secrets, models and backups in some detail here.`;
const doc = (sections: Document['sections']): Document => ({ source: 'docs/a.md', sections });

describe('chunk options', () => {
  it('take the token budget from the embedding model context, capped at a retrieval-sized target', () => {
    expect(chunkOptionsFor(2048)).toEqual({ maxTokens: 350, overlapTokens: 43 });
    expect(chunkOptionsFor(256)).toEqual({ maxTokens: 230, overlapTokens: 28 });
    expect(chunkOptionsFor(Number.POSITIVE_INFINITY).maxTokens).toBe(350);
  });
});

describe('chunkDocument', () => {
  const long = doc([
    { headings: ['Ops', 'Backups'], text: Array.from({ length: 40 }, (_, i) => para(i)).join('\n\n') },
  ]);
  const opts = { maxTokens: 120, overlapTokens: 30 };

  it('keeps every chunk, heading path included, within the budget', () => {
    const chunks = chunkDocument(long, opts);
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) expect(estimateTokens(embeddingText(c))).toBeLessThanOrEqual(opts.maxTokens);
    expect(chunks.every((c) => c.headings.join('/') === 'Ops/Backups' && c.source === 'docs/a.md')).toBe(
      true,
    );
  });

  it('repeats the end of a chunk at the start of the next (overlap)', () => {
    const [a, b] = chunkDocument(long, opts);
    const lastOfA = a!.text.split('\n\n').at(-1)!;
    expect(b!.text.startsWith(lastOfA)).toBe(true);
  });

  it('covers every paragraph', () => {
    const all = chunkDocument(long, opts)
      .map((c) => c.text)
      .join('\n\n');
    for (let i = 0; i < 40; i++) expect(all).toContain(para(i));
  });

  it('never crosses a heading: each section starts its own chunk', () => {
    const chunks = chunkDocument(
      doc([
        { headings: ['A'], text: 'alpha' },
        { headings: ['B'], text: 'beta' },
      ]),
      opts,
    );
    expect(chunks.map((c) => [c.headings, c.text])).toEqual([
      [['A'], 'alpha'],
      [['B'], 'beta'],
    ]);
  });

  it('gives unchanged chunks the same id and hash when a section is inserted before them', () => {
    const before = chunkDocument(
      doc([
        { headings: ['A'], text: 'alpha' },
        { headings: ['B'], text: 'beta' },
      ]),
      opts,
    );
    const after = chunkDocument(
      doc([
        { headings: ['New'], text: 'new' },
        { headings: ['A'], text: 'alpha' },
        { headings: ['B'], text: 'beta' },
      ]),
      opts,
    );
    expect(after.slice(1).map((c) => [c.id, c.hash])).toEqual(before.map((c) => [c.id, c.hash]));
    expect(after[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('gives two identical chunks of one source different ids', () => {
    const chunks = chunkDocument(
      doc([
        { headings: ['A'], text: 'same' },
        { headings: ['A'], text: 'same' },
      ]),
      opts,
    );
    expect(chunks[0]!.hash).toBe(chunks[1]!.hash);
    expect(chunks[0]!.id).not.toBe(chunks[1]!.id);
  });

  it('cuts a single word longer than the budget', () => {
    const chunks = chunkDocument(doc([{ headings: [], text: 'x'.repeat(5000) }]), opts);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(estimateTokens(c.text)).toBeLessThanOrEqual(opts.maxTokens);
  });
});
