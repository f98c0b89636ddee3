import type { Section } from '../types.ts';

const ATX = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;

/** The heading text without inline markup: `` `shai rag` `` → `shai rag`, `[a](b)` → `a`. */
export function plainHeading(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_]/g, '')
    .trim();
}

/**
 * Splits Markdown into sections at its ATX and setext headings, keeping the heading path of each. Lines in
 * fenced code blocks are never headings. Text before the first heading gets the empty path.
 */
export function readMarkdown(text: string): Section[] {
  const sections: Section[] = [];
  const path: string[] = [];
  let lines: string[] = [];
  let fence: string | undefined;
  const flush = () => {
    const body = lines.join('\n').trim();
    if (body) sections.push({ headings: [...path], text: body });
    lines = [];
  };
  const open = (level: number, title: string) => {
    flush();
    path.length = Math.min(path.length, level - 1);
    while (path.length < level - 1) path.push('');
    path.push(plainHeading(title));
  };
  const all = text
    .replace(/\r\n?/g, '\n')
    .replace(/<!--[\s\S]*?-->/g, '')
    .split('\n');
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    const f = FENCE.exec(line);
    if (f && (!fence || f[1]!.startsWith(fence))) fence = fence ? undefined : f[1]![0]!.repeat(3);
    const atx = fence ? null : ATX.exec(line);
    const next = all[i + 1];
    if (atx) {
      open(atx[1]!.length, atx[2]!);
    } else if (!fence && line.trim() && next !== undefined && SETEXT.test(next) && !lines.at(-1)?.trim()) {
      open(next.trim().startsWith('=') ? 1 : 2, line);
      i++;
    } else {
      lines.push(line);
    }
  }
  flush();
  return sections.map((s) => ({ ...s, headings: s.headings.filter(Boolean) }));
}
