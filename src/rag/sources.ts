import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.ts';
import { readerForPath, readerForUrl } from './read/index.ts';
import type { Document } from './types.ts';

/** A document to ingest, not yet read: where it is, and how its sections are read when needed. */
export interface SourceRef {
  source: string;
  read(): Promise<Document>;
}

/** What ingest was asked to cover: each listed source, and the prefixes under which stored sources are its own. */
export interface SourceSet {
  refs: SourceRef[];
  /** A stored source is removed when it falls under one of these and is no longer listed. */
  scopes: string[];
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);
const posix = (p: string) => p.split(sep).join('/');

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else if (e.isFile() && readerForPath(e.name)) out.push(full);
  }
  return out;
}

function fileRef(cwd: string, file: string): SourceRef {
  const source = posix(relative(cwd, file)) || file;
  return {
    source,
    async read() {
      const reader = readerForPath(file)!;
      return { source, sections: await reader.read(await readFile(file)) };
    },
  };
}

function urlRef(url: string, fetchImpl: typeof fetch): SourceRef {
  return {
    source: url,
    async read() {
      const res = await fetchImpl(url, { redirect: 'follow' });
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      const reader = readerForUrl(url, res.headers.get('content-type'));
      if (!reader)
        throw new Error(
          `${url}: ${res.headers.get('content-type') ?? 'no content type'} is not a format shai rag reads`,
        );
      return { source: url, sections: await reader.read(new Uint8Array(await res.arrayBuffer())) };
    },
  };
}

/**
 * Expands ingest's arguments: a directory into its readable files (Markdown, HTML, PDF, text; hidden files and
 * node_modules left out), a file as itself, a URL as itself. Sources are named relative to `cwd`.
 */
export async function listSources(
  args: string[],
  cwd: string,
  fetchImpl: typeof fetch = fetch,
): Promise<SourceSet> {
  const refs = new Map<string, SourceRef>();
  const scopes: string[] = [];
  for (const arg of args) {
    if (isUrl(arg)) {
      refs.set(arg, urlRef(arg, fetchImpl));
      scopes.push(arg);
      continue;
    }
    const full = resolve(cwd, arg);
    const info = await stat(full).catch(() => undefined);
    if (!info) throw new UserError(`${arg}: no such file or directory`);
    if (info.isDirectory()) {
      for (const f of await walk(full)) refs.set(fileRef(cwd, f).source, fileRef(cwd, f));
      const rel = posix(relative(cwd, full));
      scopes.push(rel ? `${rel}/` : '');
    } else {
      if (!readerForPath(full))
        throw new UserError(`${arg}: not a format shai rag reads (.md, .html, .pdf, .txt)`);
      const ref = fileRef(cwd, full);
      refs.set(ref.source, ref);
      scopes.push(ref.source);
    }
  }
  return { refs: [...refs.values()].sort((a, b) => a.source.localeCompare(b.source)), scopes };
}

/** Whether a stored source belongs to what this ingest covers. */
export function inScope(source: string, scopes: string[]): boolean {
  return scopes.some((s) => s === '' || source === s || (s.endsWith('/') && source.startsWith(s)));
}
