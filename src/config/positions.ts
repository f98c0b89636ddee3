import {
  LineCounter,
  parseDocument,
  isMap,
  isNode,
  isScalar,
  isSeq,
  type Document,
  type Node,
  type Pair,
} from 'yaml';
import type { KeyPath } from './path.ts';

/** A 1-based position in the source file. */
export interface Position {
  line: number;
  col: number;
}

/** Where a path lands in the document: the key node and value node of the deepest entry found. */
interface Found {
  complete: boolean;
  key?: Node;
  value?: Node | null;
}

function walk(doc: Document, path: KeyPath): Found {
  let value: Node | null | undefined = doc.contents;
  let key: Node | undefined;
  for (const seg of path) {
    if (isMap(value)) {
      const pair: Pair | undefined = value.items.find((p) => keyText(p.key) === String(seg));
      if (!pair) return { complete: false, key, value };
      key = isNode(pair.key) ? pair.key : undefined;
      value = isNode(pair.value) ? pair.value : null;
    } else if (isSeq(value) && typeof seg === 'number' && isNode(value.items[seg])) {
      key = value.items[seg] as Node;
      value = key;
    } else {
      return { complete: false, key, value };
    }
  }
  return { complete: true, key, value };
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

function start(node: Node | null | undefined): number | undefined {
  return node?.range ? node.range[0] : undefined;
}

/** Does the path exist in the document? */
export function hasPath(doc: Document, path: KeyPath): boolean {
  return walk(doc, path).complete;
}

/**
 * Offset of `path`: its key (`at: 'key'`) or its value; when the path is missing, the key of the deepest
 * ancestor that exists, since that is where the user has to add it.
 */
export function offsetOf(doc: Document, path: KeyPath, at: 'key' | 'value'): number {
  const found = walk(doc, path);
  const empty = !found.value || (isScalar(found.value) && found.value.value === null);
  const node = found.complete && at === 'value' && !empty ? found.value : (found.key ?? found.value);
  return start(node) ?? 0;
}

/** 1-based line and column of an offset. */
export function positionOf(lc: LineCounter, offset: number): Position {
  const { line, col } = lc.linePos(offset);
  return { line: Math.max(line, 1), col: Math.max(col, 1) };
}

/** 1-based line and column of a key path's value in YAML text (its key, or the document start, when absent). */
export function positionInText(text: string, path: KeyPath): Position {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  return positionOf(lineCounter, offsetOf(doc, path, 'value'));
}
