/**
 * 1-based lines where the elements of the top-level `"items"` array of a JSON object start,
 * found by one pass over the text (strings skipped), so a large `kubectl get -o json` dump is
 * read with JSON.parse instead of a YAML document model, and still reports a line per item.
 */
export function jsonItemLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let lastKey = '';
  let inItems = false;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    if (inItems && depth === 2 && expectValue && c !== ']' && c !== ',') {
      lines.push(line);
      expectValue = false;
    }
    if (c === '"') {
      const start = i + 1;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (depth === 1) lastKey = text.slice(start, i);
    } else if (c === '{' || c === '[') {
      depth++;
      if (c === '[' && depth === 2 && lastKey === 'items') {
        inItems = true;
        expectValue = true;
      }
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 1) inItems = false;
    } else if (c === ',' && inItems && depth === 2) expectValue = true;
  }
  return lines;
}
