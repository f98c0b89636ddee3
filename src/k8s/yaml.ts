import { Document, LineCounter, parseAllDocuments, isMap, isSeq, type Node } from 'yaml';
import { UserError } from '../errors.ts';
import { jsonItemLines } from './json-lines.ts';
import type { KubeObject } from './object.ts';

/*
 * Key order of emitted objects: apiVersion, kind, metadata, then spec, data, stringData,
 * binaryData, then every other key in insertion order (the builder's order). Inside metadata:
 * name, namespace, labels, annotations, then the rest; label and annotation keys are sorted, as
 * kubectl prints them. Every other map keeps insertion order, so builders decide (containers:
 * name, image first). YAML 1.1 so strings such as on/no/y/yes/off/012 are quoted (Kubernetes
 * reads YAML 1.1), no folding of long lines, block literals for multi-line strings, no anchors.
 */
const topOrder = ['apiVersion', 'kind', 'metadata', 'spec', 'data', 'stringData', 'binaryData'];
const metaOrder = ['name', 'namespace', 'labels', 'annotations'];

function ordered(o: Record<string, unknown>, first: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of first) if (o[k] !== undefined) out[k] = o[k];
  for (const [k, v] of Object.entries(o)) if (!(k in out) && v !== undefined) out[k] = v;
  return out;
}

function sortedMap(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The object with its keys in Kubernetes order (see above); values are not copied deeply. */
export function kubeOrder(obj: Record<string, unknown>): Record<string, unknown> {
  const top = ordered(obj, topOrder);
  const meta = top['metadata'];
  if (meta && typeof meta === 'object' && !Array.isArray(meta)) {
    const m = ordered(meta as Record<string, unknown>, metaOrder);
    if (m['labels']) m['labels'] = sortedMap(m['labels']);
    if (m['annotations']) m['annotations'] = sortedMap(m['annotations']);
    top['metadata'] = m;
  }
  return top;
}

/** One document as YAML text (YAML 1.1-safe, deterministic). */
function documentText(obj: unknown): string {
  const value =
    obj && typeof obj === 'object' && !Array.isArray(obj) ? kubeOrder(obj as Record<string, unknown>) : obj;
  const doc = new Document(value, { version: '1.1', aliasDuplicateObjects: false });
  return doc.toString({ lineWidth: 0, minContentWidth: 0, blockQuote: 'literal' });
}

/** Objects → multi-document YAML, documents separated by `---`; same input, same bytes. */
export function toYaml(objects: KubeObject | readonly unknown[] | Record<string, unknown>): string {
  const list = Array.isArray(objects) ? objects : [objects];
  return list.map(documentText).join('---\n');
}

/** One Kubernetes object read from a file, with the 1-based line where it starts. */
export interface ParsedManifest {
  object: KubeObject;
  file: string;
  line: number;
}

/** A document that is an object but not a Kubernetes object (no apiVersion or kind). */
export interface ManifestProblem {
  file: string;
  line: number;
  message: string;
}

/** Everything read from manifest files: the objects and the documents that are not objects. */
export interface ParsedManifests {
  objects: ParsedManifest[];
  problems: ManifestProblem[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return Boolean(v) && typeof v === 'object' && !Array.isArray(v);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined; // the YAML reader then reports where it breaks
  }
}

/** One parsed document → its objects (a List unwrapped, each item at its line) or a problem. */
function collect(
  value: unknown,
  file: string,
  line: number,
  itemLines: () => number[],
  out: ParsedManifests,
): void {
  const add = (v: unknown, at: number) => {
    if (!isObject(v)) return;
    if (typeof v['apiVersion'] === 'string' && typeof v['kind'] === 'string')
      out.objects.push({ object: v as KubeObject, file, line: at });
    else
      out.problems.push({
        file,
        line: at,
        message: `${file}:${at}: document has no apiVersion and kind, not a Kubernetes object`,
      });
  };
  if (isObject(value) && value['kind'] === 'List' && Array.isArray(value['items'])) {
    const lines = itemLines();
    value['items'].forEach((item, i) => add(item, lines[i] ?? line));
  } else add(value, line);
}

/**
 * Multi-document YAML or JSON → Kubernetes objects with their lines. `List` objects (what
 * `kubectl get -o yaml` prints) are unwrapped into their items; empty and non-object documents
 * are skipped; objects without apiVersion or kind are returned as problems. Read as YAML 1.1, as
 * Kubernetes does (an unquoted `on` is a boolean); a JSON object is read with JSON.parse, several
 * times faster for big dumps. Invalid YAML throws one UserError `file:line:col: message`.
 */
export function parseManifests(text: string, file: string): ParsedManifests {
  const out: ParsedManifests = { objects: [], problems: [] };
  const json = /^\s*\{/.test(text) ? parseJson(text) : undefined;
  if (json !== undefined) {
    collect(json, file, 1, () => jsonItemLines(text), out);
    return out;
  }
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { version: '1.1', lineCounter: lc, prettyErrors: false });
  if (!Array.isArray(docs) || 'empty' in docs) return out;
  const lineOf = (n: Node | null | undefined, fallback: number) =>
    n?.range ? lc.linePos(n.range[0]).line : fallback;
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const pos = lc.linePos(err.pos[0]);
      throw new UserError(`${file}:${pos.line}:${pos.col}: ${err.message.split('\n')[0]}`);
    }
    const line = lineOf(doc.contents as Node | null, lc.linePos(doc.range[0]).line);
    const itemLines = () => {
      const items = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
      return isSeq(items) ? items.items.map((n) => lineOf(n as Node, line)) : [];
    };
    collect(doc.toJS({ maxAliasCount: 1000 }), file, line, itemLines, out);
  }
  return out;
}
