import type { IngestProgress, IngestSummary } from './ingest.ts';

const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** One progress line: a bar over the chunks to embed, files done, chunks done, tokens per second. */
export function progressLine(p: IngestProgress, width = 24): string {
  const share = p.chunksTotal ? p.chunks / p.chunksTotal : 1;
  const filled = Math.round(share * width);
  const rate = p.seconds > 0 ? p.tokens / p.seconds : 0;
  return (
    `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ` +
    `files ${p.files}/${p.filesTotal}  chunks ${p.chunks}/${p.chunksTotal}  ${int(rate)} tokens/s`
  );
}

/** The closing summary of an ingest. */
export function summaryText(s: IngestSummary): string {
  const lines = [
    `${s.collection} (${s.store}, ${s.embedder}): ${s.files} files: ${s.changed} changed, ${s.unchanged} unchanged, ${s.removed} removed, ${s.failed.length} failed`,
    `chunks: ${s.chunksEmbedded} embedded, ${s.chunksKept} kept, ${s.chunksDeleted} deleted; ${int(s.tokens)} tokens in ${s.seconds.toFixed(1)} s`,
    ...s.failed.map((f) => `failed: ${f.source}: ${f.error}`),
  ];
  return `${lines.join('\n')}\n`;
}
