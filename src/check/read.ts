import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import jsyaml from 'js-yaml';
import { UserError } from '../errors.ts';
import { describeErrno, errnoCode } from '../fs-errors.ts';
import { LIMITS, readTextInput, type InputKind } from '../input.ts';
import type { KubeObject } from '../k8s/object.ts';
import { recordedApplication } from './recording.ts';
import { problemText, type InputProblem } from './input-rule.ts';
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

/** A document that is not a Kubernetes object shai can check: why, or undefined when it is one. */
function notUnderstood(value: unknown, file: string): string | undefined {
  if (Array.isArray(value))
    return `a top-level list of ${value.length} item${value.length === 1 ? '' : 's'}, not a Kubernetes object`;
  if (typeof value !== 'object' || value === null)
    return `a plain value (${JSON.stringify(String(value)).slice(0, 40)}), not a Kubernetes object`;
  const o = value as Record<string, unknown>;
  if (/^kustomization\.ya?ml$/i.test(basename(file)) || o.kind === 'Kustomization')
    return 'a kustomization: shai check reads plain manifests, not what kustomize builds from them; check the output of kustomize build instead';
  if (o.kind === 'Platform' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('shai.dev/'))
    return 'a shai platform file, not Kubernetes objects: run shai check without a path to check the platform it describes (--config FILE names another one)';
  const missing = ['apiVersion', 'kind'].filter((k) => typeof o[k] !== 'string');
  if (missing.length) return `a mapping without ${missing.join(' and ')}, not a Kubernetes object`;
  return undefined;
}

/** The objects of one text, and the documents in it that are not objects shai can check. */
export interface ParsedFile {
  objects: SourcedObject[];
  problems: InputProblem[];
}

/**
 * Kubernetes objects of one multi-document YAML text, with the 1-based line of each document, and every
 * non-empty document that is not one (a list, a plain value, a mapping without apiVersion or kind, a
 * kustomization, a shai platform file) as a problem. `List` objects (kubectl output) are unwrapped. A chart
 * recording's objects carry the Application its header names (recording.ts).
 */
export function parseFile(text: string, file: string): ParsedFile {
  const application = recordedApplication(text);
  const out: ParsedFile = { objects: [], problems: [] };
  for (const doc of splitDocuments(text)) {
    let value: unknown;
    try {
      value = jsyaml.load(doc.text, { schema: SCHEMA, filename: file });
    } catch (e) {
      if (!(e instanceof jsyaml.YAMLException)) throw e;
      throw new UserError(`${file}:${doc.start + e.mark.line}:${e.mark.column + 1} ${e.reason}`);
    }
    if (value === null || value === undefined) continue; // a document of comments only
    const why = notUnderstood(value, file);
    if (why) {
      out.problems.push({ file, line: doc.line, why });
      continue;
    }
    const object = value as KubeObject;
    if (typeof object.metadata !== 'object' || object.metadata === null) object.metadata = { name: '' };
    const items = (value as { items?: unknown }).items;
    if (!/List$/.test(object.kind) || !Array.isArray(items)) {
      out.objects.push({ object, file, line: doc.line, ...(application ? { application } : {}) });
      continue;
    }
    const lines = itemLines(doc.text, doc.start, items.length);
    // One push per item: spreading 100,000+ items into push() overflows the stack.
    items.forEach((item, i) => {
      if (isKubeObject(item))
        out.objects.push({
          object: item,
          file,
          line: lines[i] ?? doc.line,
          ...(application ? { application } : {}),
        });
    });
  }
  return out;
}

/**
 * Kubernetes objects of one multi-document YAML text, with the 1-based line of each document.
 * `List` objects (kubectl output) are unwrapped; documents that are not Kubernetes objects are left out
 * (parseFile names them).
 */
export function parseObjects(text: string, file: string): SourcedObject[] {
  return parseFile(text, file).objects;
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

/** How a manifest file is read: its size limit. */
const MANIFEST_FILE: InputKind = { noun: 'a manifest file', maxBytes: LIMITS.manifest };

/** The manifest files under each given path (the path itself for a file), in sorted order. */
export interface FoundFiles {
  /** Relative to `cwd`, as the user named the path. */
  path: string;
  files: string[];
}

/**
 * Manifest files (.yaml, .yml, .json) under the given files or directories (recursively, following
 * symlinks; hidden entries skipped), per path, relative to `cwd`. A symlink loop, an unreadable directory or
 * a missing path is a UserError naming it.
 */
export async function findFiles(paths: string[], cwd: string): Promise<FoundFiles[]> {
  const name = (p: string) => relative(cwd, p) || p;
  const walk = async (
    p: string,
    explicit: boolean,
    ancestors: Set<string>,
    found: string[],
  ): Promise<void> => {
    let s;
    try {
      s = await stat(p);
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'ENOENT' && explicit) throw new UserError(`${name(p)}: no such file or directory`);
      throw new UserError(`${name(p)}: ${describeErrno(code ?? 'EIO')}`, { cause: e });
    }
    if (s.isDirectory()) {
      const id = `${s.dev}:${s.ino}`;
      if (ancestors.has(id))
        throw new UserError(`${name(p)}: a symlink loop (it leads back to a directory that contains it)`);
      let entries;
      try {
        entries = (await readdir(p)).filter((e) => !e.startsWith('.')).sort();
      } catch (e) {
        throw new UserError(
          `${name(p)}: cannot read the directory: ${describeErrno(errnoCode(e) ?? 'EIO')}`,
          { cause: e },
        );
      }
      const inner = new Set(ancestors).add(id);
      for (const e of entries) await walk(join(p, e), false, inner, found);
    } else if (explicit || /\.(ya?ml|json)$/i.test(p)) found.push(p);
  };
  const out: FoundFiles[] = [];
  for (const p of paths) {
    const found: string[] = [];
    await walk(resolve(cwd, p), true, new Set(), found);
    out.push({ path: p, files: [...new Set(found)].map((f) => relative(cwd, f)).sort() });
  }
  return out;
}

/** Manifest files (.yaml, .yml, .json) under the given files or directories, sorted, relative to `cwd`. */
export async function yamlFiles(paths: string[], cwd: string): Promise<string[]> {
  return [...new Set((await findFiles(paths, cwd)).flatMap((f) => f.files))].sort();
}

/** Reads one manifest file (size-limited, text only) and parses it. */
async function readFileObjects(file: string, cwd: string): Promise<ParsedFile> {
  return parseFile(await readTextInput(resolve(cwd, file), file, MANIFEST_FILE), file);
}

/**
 * What `shai check PATH...` examines: the objects, and the documents it did not understand. A path that
 * holds no Kubernetes object at all (an empty file, a directory without manifests, only documents that are
 * not objects) is a UserError naming it and why: nothing of it would be checked.
 */
export async function readCheckInput(paths: string[], cwd: string): Promise<ParsedFile> {
  const out: ParsedFile = { objects: [], problems: [] };
  const seen = new Set<string>();
  const empty: string[] = [];
  for (const { path, files } of await findFiles(paths, cwd)) {
    let objects = 0;
    let read = 0;
    const problems: InputProblem[] = [];
    for (const file of files) {
      if (seen.has(file)) continue; // named twice (a file and its directory): read once
      seen.add(file);
      read++;
      const parsed = await readFileObjects(file, cwd);
      for (const o of parsed.objects) out.objects.push(o);
      problems.push(...parsed.problems);
      objects += parsed.objects.length;
    }
    if (objects === 0 && read > 0) {
      const why = problems.length
        ? problems.map(problemText).join('; ')
        : files.length === 1 && files[0] === path
          ? 'the file is empty'
          : `its ${files.length} file${files.length === 1 ? ' is' : 's are'} empty`;
      empty.push(`${path}: nothing to check: ${why}`);
    } else if (files.length === 0) {
      empty.push(`${path}: nothing to check: no .yaml, .yml or .json files in this directory`);
    }
    out.problems.push(...problems);
  }
  if (empty.length) throw new UserError(empty.join('\n'));
  return out;
}

/** Reads every YAML file under `paths` into SourcedObjects, files in sorted order. */
export async function readObjects(paths: string[], cwd: string): Promise<SourcedObject[]> {
  const out: SourcedObject[] = [];
  for (const file of await yamlFiles(paths, cwd))
    for (const o of (await readFileObjects(file, cwd)).objects) out.push(o);
  return out;
}

/** Node objects of `kubectl get nodes -o yaml` output (a List of Node); refuses a file without any. */
export async function readNodes(file: string, cwd: string): Promise<KubeObject[]> {
  const nodes = (await readObjects([file], cwd)).map((s) => s.object).filter((o) => o.kind === 'Node');
  if (!nodes.length)
    throw new UserError(`${file}: no Node objects (expected the output of kubectl get nodes -o yaml)`);
  return nodes;
}
