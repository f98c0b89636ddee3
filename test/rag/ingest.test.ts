import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LexicalEmbedder } from '../../src/rag/embed/lexical.ts';
import { ingest, type IngestProgress } from '../../src/rag/ingest.ts';
import { searchMany } from '../../src/rag/query.ts';
import { listSources } from '../../src/rag/sources.ts';
import { SqliteStore } from '../../src/rag/store/sqlite.ts';
import type { Embedder } from '../../src/rag/types.ts';

let dir: string;
let store: SqliteStore;
const clock = () => 0;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shai-rag-'));
  mkdirSync(join(dir, 'docs'));
  writeFileSync(
    join(dir, 'docs/backups.md'),
    '# Backups\n\nVelero snapshots the volumes every night.\n\n## Restore\n\nRestore a namespace with velero restore create.',
  );
  writeFileSync(
    join(dir, 'docs/secrets.md'),
    '# Secrets\n\nSealed Secrets encrypts every value before it reaches git.',
  );
  writeFileSync(join(dir, 'docs/notes.txt'), 'Plain notes about GPU time slicing on the workstation.');
  writeFileSync(join(dir, 'docs/page.html'), '<h1>Models</h1><p>Ollama serves qwen2.5 for chat.</p>');
  writeFileSync(join(dir, 'docs/ignored.yaml'), 'not: read');
  store = new SqliteStore(join(dir, 'store/rag.sqlite'));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = async (embedder: Embedder = new LexicalEmbedder(), onProgress?: (p: IngestProgress) => void) =>
  ingest({
    store,
    embedder,
    collection: 'c',
    sources: await listSources(['docs'], dir),
    batchSize: 2,
    clock,
    onProgress,
  });

describe('ingest into the embedded store', () => {
  it('reads Markdown, HTML and text, and finds a chunk by its words', async () => {
    const s = await run();
    expect(s).toMatchObject({
      files: 4,
      changed: 4,
      unchanged: 0,
      chunksEmbedded: 5,
      chunksKept: 0,
      failed: [],
    });
    const [hits] = await searchMany(store, new LexicalEmbedder(), 'c', ['how do I restore with velero'], 3);
    expect(hits![0]).toMatchObject({ source: 'docs/backups.md', headings: ['Backups', 'Restore'] });
    expect(hits![0]!.score).toBeGreaterThan(hits![1]!.score);
  });

  it('embeds nothing again when nothing changed', async () => {
    await run();
    expect(await run()).toMatchObject({
      changed: 0,
      unchanged: 4,
      chunksEmbedded: 0,
      chunksKept: 5,
      chunksDeleted: 0,
    });
  });

  it('embeds only the changed chunk of an edited file and deletes its old chunk', async () => {
    await run();
    writeFileSync(
      join(dir, 'docs/backups.md'),
      '# Backups\n\nVelero snapshots the volumes every night.\n\n## Restore\n\nRestores are tested monthly.',
    );
    expect(await run()).toMatchObject({
      changed: 1,
      unchanged: 3,
      chunksEmbedded: 1,
      chunksKept: 4,
      chunksDeleted: 1,
    });
    const stored = await store.stored('c');
    expect(stored.get('docs/backups.md')!.size).toBe(2);
  });

  it('deletes the chunks of a removed file, but not of files outside what was ingested', async () => {
    await run();
    writeFileSync(join(dir, 'extra.md'), '# Extra\n\nOutside docs.');
    await ingest({
      store,
      embedder: new LexicalEmbedder(),
      collection: 'c',
      sources: await listSources(['extra.md'], dir),
      clock,
    });
    rmSync(join(dir, 'docs/secrets.md'));
    expect(await run()).toMatchObject({ removed: 1, chunksDeleted: 1 });
    expect([...(await store.stored('c')).keys()].sort()).toEqual([
      'docs/backups.md',
      'docs/notes.txt',
      'docs/page.html',
      'extra.md',
    ]);
  });

  it('resumes after an interruption: batches stored before it are not embedded again', async () => {
    const lexical = new LexicalEmbedder();
    let calls = 0;
    const failing: Embedder = {
      name: lexical.name,
      dimensions: lexical.dimensions,
      contextTokens: lexical.contextTokens,
      embed: (texts, purpose) =>
        ++calls === 2 ? Promise.reject(new Error('connection reset')) : lexical.embed(texts, purpose),
    };
    await expect(run(failing)).rejects.toThrow('connection reset');
    const first = [...(await store.stored('c')).values()].reduce((n, m) => n + m.size, 0);
    expect(first).toBe(2);
    expect(await run()).toMatchObject({ chunksEmbedded: 3, chunksKept: 2 });
  });

  it('reports progress per batch: files, chunks and tokens', async () => {
    const seen: IngestProgress[] = [];
    await run(undefined, (p) => seen.push(p));
    expect(seen.map((p) => [p.files, p.chunks, p.chunksTotal])).toEqual([
      [0, 0, 5],
      [1, 2, 5],
      [3, 4, 5],
      [4, 5, 5],
    ]);
    expect(seen.at(-1)!.tokens).toBeGreaterThan(0);
  });

  it('records a file that cannot be read and goes on with the others', async () => {
    writeFileSync(join(dir, 'docs/broken.pdf'), 'not a pdf');
    const s = await run();
    expect(s.failed.map((f) => f.source)).toEqual(['docs/broken.pdf']);
    expect(s.chunksEmbedded).toBe(5);
  });

  it('refuses to mix embedders in one collection', async () => {
    await run();
    await expect(run(new LexicalEmbedder(512))).rejects.toThrow(
      /holds vectors of lexical-hash-v1\/2048 \(2048 dimensions\)/,
    );
  });

  it('lists and drops collections', async () => {
    await run();
    expect(await store.collections()).toEqual([
      { name: 'c', embedder: 'lexical-hash-v1/2048', dimensions: 2048, chunks: 5, sources: 4 },
    ]);
    expect(await store.drop('c')).toBe(true);
    expect(await store.drop('c')).toBe(false);
    expect(await store.collections()).toEqual([]);
  });

  it('keeps the document counts the query weights need in step with inserts and deletes', async () => {
    await run();
    const before = await store.stats('c');
    expect(before.documents).toBe(5);
    rmSync(join(dir, 'docs/secrets.md'));
    await run();
    const after = await store.stats('c');
    expect(after.documents).toBe(4);
    expect(after.frequencies.reduce((a, b) => a + b, 0)).toBeLessThan(
      before.frequencies.reduce((a, b) => a + b, 0),
    );
  });
});
