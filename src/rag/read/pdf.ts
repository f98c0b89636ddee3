import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Section } from '../types.ts';

// pdf.js reads the metrics of the 14 standard fonts from its own package; without them it warns on every PDF.
const FONTS = join(
  dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')),
  'standard_fonts/',
);

/** One line of a PDF page: its text and the height of its largest glyphs. */
export interface PdfLine {
  text: string;
  size: number;
}

interface TextItem {
  str: string;
  hasEOL: boolean;
  height: number;
}

/** The lines of each page with pdf.js (Mozilla's reader; its legacy build runs on Node.js 20). */
export async function pdfLines(bytes: Uint8Array): Promise<PdfLine[][]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: bytes,
    isEvalSupported: false,
    useSystemFonts: false,
    standardFontDataUrl: FONTS,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  }).promise;
  try {
    const pages: PdfLine[][] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const content = await (await doc.getPage(p)).getTextContent();
      pages.push(toLines(content.items.flatMap((i) => ('str' in i ? [i] : []))));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

function toLines(items: TextItem[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let text = '';
  let size = 0;
  for (const item of items) {
    text += item.str;
    size = Math.max(size, item.height);
    if (item.hasEOL) {
      if (text.trim()) lines.push({ text: text.trim(), size });
      text = '';
      size = 0;
    }
  }
  if (text.trim()) lines.push({ text: text.trim(), size });
  return lines;
}

/**
 * Sections from a PDF's lines. PDFs carry no heading tags, so a short line set at least 1.2× the body size
 * (the size most characters are set in) is taken as a heading, larger sizes ranking higher.
 */
export function pdfSections(pages: PdfLine[][]): Section[] {
  const weight = new Map<number, number>();
  for (const l of pages.flat()) weight.set(l.size, (weight.get(l.size) ?? 0) + l.text.length);
  const body = [...weight].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
  const headingSizes = [...weight.keys()].filter((s) => s >= body * 1.2).sort((a, b) => b - a);
  const sections: Section[] = [];
  const path: string[] = [];
  let text: string[] = [];
  const flush = () => {
    const joined = text.join('\n').trim();
    if (joined) sections.push({ headings: path.filter(Boolean), text: joined });
    text = [];
  };
  for (const line of pages.flat()) {
    const level = headingSizes.indexOf(line.size) + 1;
    if (level > 0 && line.text.length <= 120) {
      flush();
      path.length = Math.min(path.length, level - 1);
      while (path.length < level - 1) path.push('');
      path.push(line.text);
    } else {
      text.push(line.text);
    }
  }
  flush();
  return sections;
}

/** Reads a PDF into heading sections. */
export async function readPdf(bytes: Uint8Array): Promise<Section[]> {
  return pdfSections(await pdfLines(bytes));
}
