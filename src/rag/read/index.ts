import type { Section } from '../types.ts';
import { readHtml } from './html.ts';
import { readMarkdown } from './markdown.ts';
import { readPdf } from './pdf.ts';
import { readText } from './text.ts';

/** One document format: the file endings and content types it claims, and how its bytes become sections. */
export interface Reader {
  format: string;
  extensions: string[];
  contentTypes: string[];
  read(bytes: Uint8Array): Promise<Section[]>;
}

const utf8 = (b: Uint8Array) => new TextDecoder('utf-8').decode(b);

/** Every format `shai rag ingest` reads. */
export const READERS: readonly Reader[] = [
  {
    format: 'markdown',
    extensions: ['.md', '.markdown'],
    contentTypes: ['text/markdown'],
    read: (b) => Promise.resolve(readMarkdown(utf8(b))),
  },
  {
    format: 'html',
    extensions: ['.html', '.htm'],
    contentTypes: ['text/html', 'application/xhtml+xml'],
    read: (b) => Promise.resolve(readHtml(utf8(b))),
  },
  { format: 'pdf', extensions: ['.pdf'], contentTypes: ['application/pdf'], read: (b) => readPdf(b) },
  {
    format: 'text',
    extensions: ['.txt', '.text'],
    contentTypes: ['text/plain'],
    read: (b) => Promise.resolve(readText(utf8(b))),
  },
];

/** The reader for a file name, by its ending. */
export function readerForPath(path: string): Reader | undefined {
  const lower = path.toLowerCase();
  return READERS.find((r) => r.extensions.some((e) => lower.endsWith(e)));
}

/** The reader for a URL: its content type first, then the ending of its path. */
export function readerForUrl(url: string, contentType: string | null): Reader | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return READERS.find((r) => r.contentTypes.includes(type)) ?? readerForPath(new URL(url).pathname);
}
