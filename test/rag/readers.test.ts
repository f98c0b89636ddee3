import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readHtml } from '../../src/rag/read/html.ts';
import { readerForPath, readerForUrl } from '../../src/rag/read/index.ts';
import { readMarkdown } from '../../src/rag/read/markdown.ts';
import { readPdf } from '../../src/rag/read/pdf.ts';

describe('Markdown', () => {
  it('splits at ATX and setext headings and keeps the heading path', () => {
    const md = [
      'Intro text.',
      '# Models',
      'About models.',
      '## The `embed` alias',
      'Embeddings [for RAG](https://x).',
      'Other title',
      '-----------',
      '',
      'Under a setext heading.',
      '# Secrets',
      'Keep them sealed.',
    ].join('\n');
    expect(readMarkdown(md)).toEqual([
      { headings: [], text: 'Intro text.' },
      { headings: ['Models'], text: 'About models.' },
      {
        headings: ['Models', 'The embed alias'],
        text: 'Embeddings [for RAG](https://x).\nOther title\n-----------\n\nUnder a setext heading.',
      },
      { headings: ['Secrets'], text: 'Keep them sealed.' },
    ]);
  });

  it('never takes a line in a fenced code block for a heading', () => {
    const md = '# Run\n```sh\n# a shell comment\nshai rag eval\n```\nDone.';
    expect(readMarkdown(md)).toEqual([
      { headings: ['Run'], text: '```sh\n# a shell comment\nshai rag eval\n```\nDone.' },
    ]);
  });

  it('takes a setext heading after a blank line', () => {
    expect(readMarkdown('Title\n=====\n\nBody')).toEqual([{ headings: ['Title'], text: 'Body' }]);
  });

  it('skips a level without inventing an empty heading', () => {
    expect(readMarkdown('# A\n### C\nx')).toEqual([{ headings: ['A', 'C'], text: 'x' }]);
  });
});

describe('HTML', () => {
  const page = `<!doctype html><html><head><title>Platform guide</title><style>h1{}</style>
    <script>var h2 = "<h2>not a heading</h2>";</script></head><body>
    <nav><a href="/">Home</a> <a href="/x">Other page</a></nav>
    <p>Before any heading.</p>
    <h1>Install</h1><p>Run <code>shai install</code> on a k3s server.</p>
    <h2>Preflight &amp; nodes</h2><ul><li>API server</li><li>node labels</li></ul>
    <h1>Backups</h1><div>Velero &lt;schedules&gt;</div>
    <footer>© someone</footer></body></html>`;

  it('follows h1–h6, decodes entities and leaves out scripts, styles, navigation and footers', () => {
    expect(readHtml(page)).toEqual([
      { headings: ['Platform guide'], text: 'Before any heading.' },
      { headings: ['Install'], text: 'Run shai install on a k3s server.' },
      { headings: ['Install', 'Preflight & nodes'], text: 'API server\n\nnode labels' },
      { headings: ['Backups'], text: 'Velero <schedules>' },
    ]);
  });
});

/** A real PDF (pdf-lib, standard Helvetica) with headings set larger than the body. */
async function makePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const lines: [string, number][] = [
    ['Operations handbook', 24],
    ['Backups', 16],
    ['Velero backs up the volumes every night.', 11],
    ['Restores are tested every month.', 11],
    ['Secrets', 16],
    ['Sealed Secrets keeps the values encrypted in git.', 11],
  ];
  let page = doc.addPage([595, 842]);
  let y = 800;
  for (const [text, size] of lines) {
    if (text === 'Secrets') {
      page = doc.addPage([595, 842]);
      y = 800;
    }
    page.drawText(text, { x: 50, y, size, font });
    y -= size * 2;
  }
  return doc.save();
}

describe('PDF', () => {
  it('reads the text of every page with pdf.js and takes larger lines for headings', async () => {
    const sections = await readPdf(await makePdf());
    expect(sections).toEqual([
      {
        headings: ['Operations handbook', 'Backups'],
        text: 'Velero backs up the volumes every night.\nRestores are tested every month.',
      },
      {
        headings: ['Operations handbook', 'Secrets'],
        text: 'Sealed Secrets keeps the values encrypted in git.',
      },
    ]);
  });

  it('refuses bytes that are not a PDF', async () => {
    await expect(readPdf(new TextEncoder().encode('not a pdf'))).rejects.toThrow();
  });
});

describe('reader choice', () => {
  it('by file ending, and for URLs by content type first', () => {
    expect(readerForPath('docs/A.MD')?.format).toBe('markdown');
    expect(readerForPath('x.yaml')).toBeUndefined();
    expect(readerForUrl('https://e.x/page', 'text/html; charset=utf-8')?.format).toBe('html');
    expect(readerForUrl('https://e.x/a.pdf', null)?.format).toBe('pdf');
    expect(readerForUrl('https://e.x/a', 'image/png')).toBeUndefined();
  });
});
