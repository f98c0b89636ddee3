import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import jsyaml from 'js-yaml';
import { UserError } from '../errors.ts';
import type { KubeObject } from '../k8s/object.ts';
import { recordedApplication } from './recording.ts';
import type { SourcedObject } from './types.ts';

const BOOL_TRUE = ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'];
const BOOL_FALSE = ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'];
const BOOLS = new Set([...BOOL_TRUE, ...BOOL_FALSE]);

// kubectl reads manifests as YAML 1.1 (go-yaml v2): `on`/`yes` are booleans, timestamps stay strings,
// merge keys work. js-yaml's core schema with 1.1 booleans and `<<` says the same, at several times
// the speed of a full document model (the check bench needs it; positions come from the split below).
// That is why `shai check PATH` does not use k8s/yaml.ts parseManifests: its yaml-library document model
// keeps a position for every node and took ~8x as long on the bench's 10,000 objects, while findings only
// need the line of each document (or List item), which splitDocuments and itemLines give.
const bool11 = new jsyaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (d: unknown) => typeof d === 'string' && BOOLS.has(d),
  construct: (d: string) => BOOL_TRUE.includes(d),
  predicate: (o: unknown) => typeof o === 'boolean',
});
// `<<` resolves to the merge tag, which js-yaml's loader then applies (its own merge type, untyped in @types).
const merge = new jsyaml.Type('tag:yaml.org,2002:merge', {
  kind: 'scalar',
  resolve: (d: unknown) => d === '<<' || d === null,
});
const SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [bool11, merge] });

/** Splits a multi-document text at `---` lines; each part keeps the 1-based line of its first content line. */
export function splitDocuments(text: string): { text: string; start: number; line: number }[] {
  const lines = text.split('\n');
  const docs: { text: string; start: number; line: number }[] = [];
  let from = 0;
  const flush = (to: number) => {
    const body = lines.slice(from, to);
    const first = body.findIndex(
      (l) => !/^\s*(#.*)?$/.test(l) && !/^---\s*$/.test(l) && !/^\.\.\.\s*$/.test(l),
    );
    if (first >= 0) docs.push({ text: body.join('\n'), start: from + 1, line: from + first + 1 });
  };
  for (let i = 0; i < lines.length; i++) {
    if (i > from && /^---(\s|$)/.test(lines[i] ?? '')) {
      flush(i);
      from = i;
    }
  }
  flush(lines.length);
  return docs;
}

/**
 * Kubernetes objects of one multi-document YAML text, with the 1-based line of each document.
 * `List` objects (kubectl output) are unwrapped; documents that are not Kubernetes objects (no
 * apiVersion or kind, e.g. Helm values files) are skipped. A chart recording's objects carry the Application
 * its header names (recording.ts).
 */
export function parseObjects(text: string, file: string): SourcedObject[] {
  const application = recordedApplication(text);
  const out: SourcedObject[] = [];
  for (const doc of splitDocuments(text)) {
    let value: unknown;
    try {
      value = jsyaml.load(doc.text, { schema: SCHEMA, filename: file });
    } catch (e) {
      if (!(e instanceof jsyaml.YAMLException)) throw e;
      throw new UserError(`${file}:${doc.start + e.mark.line}:${e.mark.column + 1} ${e.reason}`);
    }
    if (!isKubeObject(value)) continue;
    const items = (value as { items?: unknown }).items;
    if (!/List$/.test(value.kind) || !Array.isArray(items)) {
      out.push({ object: value, file, line: doc.line, ...(application ? { application } : {}) });
      continue;
    }
    const lines = itemLines(doc.text, doc.start, items.length);
    items.forEach((item, i) => {
      if (isKubeObject(item))
        out.push({ object: item, file, line: lines[i] ?? doc.line, ...(application ? { application } : {}) });
    });
  }
  return out;
}

/**
 * Lines where the block-sequence items of a List's top-level `items:` start (kubectl's layout), so
 * findings point at the object rather than the List; empty when the layout is not that (flow style).
 */
function itemLines(text: string, start: number, count: number): number[] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^items:\s*$/.test(l));
  if (at < 0) return [];
  const first = lines.slice(at + 1).find((l) => /^\s*- /.test(l));
  const indent = first ? first.length - first.trimStart().length : -1;
  const out: number[] = [];
  for (let i = at + 1; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (/^[^\s#-]/.test(l)) break; // the next top-level key ends the sequence
    if (l.length - l.trimStart().length === indent && l.trimStart().startsWith('- ')) out.push(start + i);
  }
  return out.length === count ? out : [];
}

function isKubeObject(v: unknown): v is KubeObject {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return false;
  if (typeof o.metadata !== 'object' || o.metadata === null) o.metadata = { name: '' };
  return true;
}

/** Manifest files (.yaml, .yml, .json) under the given files or directories (recursively; hidden entries skipped), sorted, relative to `cwd`. */
export async function yamlFiles(paths: string[], cwd: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (p: string, explicit: boolean): Promise<void> => {
    let s;
    try {
      s = await stat(p);
    } catch {
      throw new UserError(`${relative(cwd, p) || p}: no such file or directory`);
    }
    if (s.isDirectory()) {
      const entries = (await readdir(p)).filter((e) => !e.startsWith('.')).sort();
      for (const e of entries) await walk(join(p, e), false);
    } else if (explicit || /\.(ya?ml|json)$/i.test(p)) found.push(p);
  };
  for (const p of paths) await walk(resolve(cwd, p), true);
  return [...new Set(found)].map((f) => relative(cwd, f)).sort();
}

/** Reads every YAML file under `paths` into SourcedObjects, files in sorted order. */
export async function readObjects(paths: string[], cwd: string): Promise<SourcedObject[]> {
  const out: SourcedObject[] = [];
  for (const file of await yamlFiles(paths, cwd))
    out.push(...parseObjects(await readFile(resolve(cwd, file), 'utf8'), file));
  return out;
}

/** Node objects of `kubectl get nodes -o yaml` output (a List of Node); refuses a file without any. */
export async function readNodes(file: string, cwd: string): Promise<KubeObject[]> {
  const nodes = (await readObjects([file], cwd)).map((s) => s.object).filter((o) => o.kind === 'Node');
  if (!nodes.length)
    throw new UserError(`${file}: no Node objects (expected the output of kubectl get nodes -o yaml)`);
  return nodes;
}
