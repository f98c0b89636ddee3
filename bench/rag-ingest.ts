// Benchmark of `shai rag ingest` into the embedded store (better-sqlite3 + sqlite-vec) with the local lexical
// embedder: 1,000 generated Markdown files of about 5 KB each (≈5 MB). Issue 17 target: peak memory < 500 MB.
// Reports files/s, chunks/s and the process's peak resident memory (ru_maxrss covers the whole run, so run it
// alone: `npm run bench -- rag-ingest`).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { LexicalEmbedder } from '../src/rag/embed/lexical.ts';
import { ingest } from '../src/rag/ingest.ts';
import { listSources } from '../src/rag/sources.ts';
import { SqliteStore } from '../src/rag/store/sqlite.ts';
import type { BenchResult } from './types.ts';

const WORDS = (
  'backup restore velero snapshot volume secret sealed rotate model ollama gpu slice litellm gateway qdrant ' +
  'vector collection chunk heading embed query recall network policy namespace ingress traefik certificate ' +
  'keycloak realm client token argo application wave sync chart helm pin image kyverno admission prometheus ' +
  'alert grafana dashboard loki log runner workflow cluster node memory cpu storage longhorn replica'
).split(' ');

/** A deterministic pseudo-random Markdown file of about `bytes` bytes, with headings every few paragraphs. */
export function markdownFile(seed: number, bytes = 5000): string {
  let x = seed * 2654435761 + 1;
  const next = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) % WORDS.length;
  const out = [`# Document ${seed}`];
  let size = 0;
  for (let p = 0; size < bytes; p++) {
    if (p % 4 === 3) out.push(`## Section ${p} on ${WORDS[next()]} and ${WORDS[next()]}`);
    const words = Array.from({ length: 60 }, () => WORDS[next()]).join(' ');
    out.push(`${words[0]!.toUpperCase()}${words.slice(1)}.`);
    size += words.length + 2;
  }
  return `${out.join('\n\n')}\n`;
}

async function run(files = 1000): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'shai-bench-rag-'));
  try {
    mkdirSync(join(dir, 'docs'));
    let bytes = 0;
    for (let i = 0; i < files; i++) {
      const text = markdownFile(i);
      bytes += Buffer.byteLength(text);
      writeFileSync(join(dir, 'docs', `doc-${String(i).padStart(4, '0')}.md`), text);
    }
    const store = new SqliteStore(join(dir, 'rag.sqlite'));
    const clock = () => performance.now() / 1000;
    const t = performance.now();
    const s = await ingest({
      store,
      embedder: new LexicalEmbedder(),
      collection: 'bench',
      sources: await listSources(['docs'], dir),
      clock,
    });
    const seconds = (performance.now() - t) / 1000;
    await store.close();
    const peakMb = process.resourceUsage().maxRSS / 1024;
    return [
      `${(files / seconds).toFixed(0)} files/s, ${(s.chunksEmbedded / seconds).toFixed(0)} chunks/s, peak RSS ${peakMb.toFixed(0)} MB (target < 500 MB)`,
      `rag-ingest: ${files} Markdown files, ${(bytes / 1e6).toFixed(1)} MB, ${s.chunksEmbedded} chunks, ${s.tokens.toLocaleString('en')} tokens in ${seconds.toFixed(1)} s`,
      `  embedded store (better-sqlite3 + sqlite-vec), lexical hashing embedder ${new LexicalEmbedder().name}`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const ragIngestBench = { name: 'rag-ingest', run: () => run() };

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log((await run()).join('\n'));
