import type { Section } from '../types.ts';

/** Plain text has no headings: one section, the chunker splits it at blank lines. */
export function readText(text: string): Section[] {
  const body = text.replace(/\r\n?/g, '\n').trim();
  return body ? [{ headings: [], text: body }] : [];
}
