import { Parser } from 'htmlparser2';
import type { Section } from '../types.ts';

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'nav', 'footer', 'head', 'svg', 'button']);
const BLOCK = new Set([
  'p',
  'div',
  'li',
  'tr',
  'br',
  'pre',
  'section',
  'article',
  'table',
  'ul',
  'ol',
  'dt',
  'dd',
  'blockquote',
]);
const HEADING = /^h([1-6])$/;

/**
 * Splits an HTML page into sections at its h1–h6 headings, with the text of its block elements; scripts,
 * styles, navigation and footers are left out. The page's <title> heads text before its first heading.
 */
export function readHtml(html: string): Section[] {
  const sections: Section[] = [];
  const path: string[] = [];
  let text = '';
  let heading: { level: number; text: string } | undefined;
  let skipDepth = 0;
  let title = '';
  let inTitle = false;
  const flush = () => {
    const body = text
      .replace(/[ \t]+/g, ' ')
      .replace(/\n\s*\n+/g, '\n\n')
      .trim();
    const headings = path.length ? path.filter(Boolean) : title ? [title] : [];
    if (body) sections.push({ headings, text: body });
    text = '';
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'title') inTitle = true;
        if (SKIP.has(name)) skipDepth++;
        const h = HEADING.exec(name);
        if (h && !skipDepth) {
          flush();
          heading = { level: Number(h[1]), text: '' };
        } else if (BLOCK.has(name)) text += '\n';
      },
      ontext(data) {
        if (inTitle) title += data.trim();
        if (skipDepth) return;
        if (heading) heading.text += data;
        else text += data;
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (SKIP.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        if (heading && HEADING.test(name)) {
          path.length = Math.min(path.length, heading.level - 1);
          while (path.length < heading.level - 1) path.push('');
          path.push(heading.text.replace(/\s+/g, ' ').trim());
          heading = undefined;
        } else if (BLOCK.has(name)) text += '\n';
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return sections;
}
