import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { UserError } from '../errors.ts';
import type { KubeObject } from '../k8s/object.ts';
import type { SourcedObject } from './types.ts';

/**
 * Kubernetes objects of one multi-document YAML text, with the 1-based line of each document.
 * `List` objects (kubectl output) are unwrapped; documents that are not Kubernetes objects (no
 * apiVersion or kind, e.g. Helm values files) are skipped.
 */
export function parseObjects(text: string, file: string): SourcedObject[] {
  const lc = new LineCounter();
  const out: SourcedObject[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter: lc, version: '1.1' })) {
    const err = doc.errors[0];
    if (err) {
      const p = lc.linePos(err.pos[0]);
      throw new UserError(`${file}:${p.line}:${p.col} ${err.message.split('\n')[0]}`);
    }
    const line = lc.linePos(doc.contents?.range[0] ?? doc.range[0]).line;
    const value = doc.toJS() as unknown;
    for (const object of unwrap(value)) out.push({ object, file, line });
  }
  return out;
}

function unwrap(v: unknown): KubeObject[] {
  if (!isKubeObject(v)) return [];
  const items = (v as { items?: unknown }).items;
  if (/List$/.test(v.kind) && Array.isArray(items)) return items.filter(isKubeObject);
  return [v];
}

function isKubeObject(v: unknown): v is KubeObject {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return false;
  if (typeof o.metadata !== 'object' || o.metadata === null) o.metadata = { name: '' };
  return true;
}

/** YAML files under the given files or directories (recursively), sorted, as paths relative to `cwd`. */
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
    } else if (explicit || /\.ya?ml$/.test(p)) found.push(p);
  };
  for (const p of paths) await walk(join(cwd, p), true);
  return [...new Set(found)].map((f) => relative(cwd, f)).sort();
}

/** Reads every YAML file under `paths` into SourcedObjects, files in sorted order. */
export async function readObjects(paths: string[], cwd: string): Promise<SourcedObject[]> {
  const out: SourcedObject[] = [];
  for (const file of await yamlFiles(paths, cwd)) out.push(...parseObjects(await readFile(join(cwd, file), 'utf8'), file));
  return out;
}

/** Node objects of `kubectl get nodes -o yaml` output (a List of Node); refuses a file without any. */
export async function readNodes(file: string, cwd: string): Promise<KubeObject[]> {
  const nodes = (await readObjects([file], cwd)).map((s) => s.object).filter((o) => o.kind === 'Node');
  if (!nodes.length) throw new UserError(`${file}: no Node objects (expected the output of kubectl get nodes -o yaml)`);
  return nodes;
}
