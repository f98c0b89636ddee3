import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { UserError } from '../errors.ts';
import { describeErrno, errnoCode } from '../fs-errors.ts';
import { LIMITS, readTextInput, type InputKind } from '../input.ts';
import type { KubeObject } from '../k8s/object.ts';
import { notInDump, type ReadProblem } from './access.ts';
import { shapeProblem } from './dump-shape.ts';
import { KINDS, kindKey, SECRET_KIND } from './kinds.ts';
import { blankSecret } from './secrets.ts';
import { makeState, type ClusterState } from './state.ts';

/** One dump file's text and the name to use in messages. */
export interface DumpText {
  name: string;
  text: string;
}

/** How a dump file is read: its size limit (a 60,000-pod cluster dumps ~66 MB). */
const DUMP_FILE: InputKind = {
  noun: 'a dump file (kubectl get -o json)',
  maxBytes: LIMITS.dump,
  missingHint: 'write it with the commands of shai doctor --dump-command',
};

/** Reads dump files (or every *.json in a directory) written by `shai doctor --dump-command`. */
export async function readDumpFiles(paths: string[]): Promise<ClusterState> {
  const texts: DumpText[] = [];
  for (const p of paths) {
    const info = await stat(p).catch((cause: unknown) => {
      const code = errnoCode(cause);
      const why = code === 'ENOENT' ? 'no such file or directory' : describeErrno(code ?? 'EIO');
      throw new UserError(`${p}: cannot read the dump: ${why}`, { cause });
    });
    if (!info.isDirectory()) {
      texts.push({ name: p, text: await readTextInput(p, p, DUMP_FILE) });
      continue;
    }
    const names = await readdir(p).catch((cause: unknown) => {
      throw new UserError(`${p}: cannot read the directory: ${describeErrno(errnoCode(cause) ?? 'EIO')}`, {
        cause,
      });
    });
    const json = names.filter((n) => n.endsWith('.json')).sort();
    if (json.length === 0) throw new UserError(`${p}: no .json files in this directory`);
    for (const n of json)
      texts.push({ name: join(p, n), text: await readTextInput(join(p, n), join(p, n), DUMP_FILE) });
  }
  return parseDumps(texts, paths.join(', '));
}

/** Parses dump texts into a ClusterState. Pure: the unit the tests and the benchmark call. */
export function parseDumps(texts: DumpText[], source = texts.map((t) => t.name).join(', ')): ClusterState {
  // Keyed by identity: an object in two dump files (a re-run, an extra file) counts once, the later copy wins.
  const objects = new Map<string, KubeObject>();
  const files = new Set<string>();
  for (const t of texts) {
    files.add(basename(t.name));
    for (const o of parseList(t)) {
      const m = o.metadata;
      objects.set(
        `${o.apiVersion}/${o.kind}/${m.namespace ?? ''}/${m.name}`,
        o.kind === 'Secret' ? blankSecret(o) : o,
      );
    }
  }
  const all = [...objects.values()];
  // A dump with no objects at all says nothing about the cluster; scoring it would grade what was never seen.
  if (all.length === 0)
    throw new UserError(
      `${source}: the dump holds no objects (every List is empty); re-run the commands of shai doctor --dump-command against the cluster`,
    );
  return makeState(source, all, missingKinds(all, files));
}

/** Kinds the dump cannot speak for: a kind is there when it has items or its own `<resource>.json` file. */
function missingKinds(objects: KubeObject[], files: Set<string>): Map<string, ReadProblem> {
  const present = new Set(objects.map((o) => kindKey(o.kind, o.apiVersion)));
  // Every cluster has nodes: without any, the main command of --dump-command was not run.
  const coreDumped = present.has('Node');
  const missing = new Map<string, ReadProblem>();
  for (const k of [...KINDS, SECRET_KIND]) {
    if (present.has(k.key) || files.has(`${k.kubectl}.json`)) continue;
    if (!k.crd && k !== SECRET_KIND && coreDumped) continue;
    missing.set(k.key, notInDump(k));
  }
  return missing;
}

/** Parses one `kubectl get -o json` List; every problem is one UserError naming the file. */
export function parseList({ name, text }: DumpText): KubeObject[] {
  if (text.trim() === '') throw new UserError(`${name}: the file is empty; re-run the dump command`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new UserError(`${name}: ${describeJsonError(text, (cause as Error).message)}`, { cause });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UserError(`${name}: not a kubectl List (expected a JSON object with kind "List")`);
  }
  const list = data as { kind?: unknown; items?: unknown };
  if (typeof list.kind !== 'string' || !list.kind.endsWith('List')) {
    throw new UserError(
      `${name}: not a kubectl List (kind ${JSON.stringify(list.kind ?? null)}); use the command from shai doctor --dump-command`,
    );
  }
  if (!Array.isArray(list.items)) throw new UserError(`${name}: the List has no items array`);
  const itemKind = list.kind === 'List' ? undefined : list.kind.slice(0, -'List'.length);
  return list.items.map((item, i) => checkItem(name, i, item, itemKind));
}

function checkItem(file: string, i: number, item: unknown, listKind: string | undefined): KubeObject {
  const o = item as Partial<KubeObject> | null;
  if (typeof o !== 'object' || o === null) throw new UserError(`${file}: items[${i}] is not an object`);
  // The API's typed lists (PodList) omit kind on items; kubectl's List always sets it.
  const kind = o.kind ?? listKind;
  if (typeof kind !== 'string') throw new UserError(`${file}: items[${i}] has no kind`);
  if (typeof o.metadata?.name !== 'string')
    throw new UserError(`${file}: items[${i}] (${kind}) has no metadata.name`);
  const obj = o.kind ? (o as KubeObject) : ({ ...o, kind } as KubeObject);
  const problem = shapeProblem(obj as unknown as Record<string, unknown>);
  if (problem) {
    const ns = obj.metadata.namespace;
    throw new UserError(
      `${file}: items[${i}] (${kind} ${ns ? `${ns}/` : ''}${obj.metadata.name}) ${problem}; kubectl never writes this, so the dump was edited or is not kubectl's: re-run the dump command`,
    );
  }
  return obj;
}

/** Turns V8's JSON.parse message into `not JSON (... at line N)` or `truncated JSON`. */
function describeJsonError(text: string, message: string): string {
  const pos = /at position (\d+)/.exec(message)?.[1];
  const end = text.trimEnd().length;
  const line = (at: number) => text.slice(0, at).split('\n').length;
  if (/end of JSON input/.test(message) || (pos !== undefined && Number(pos) >= end)) {
    return `truncated JSON (the text stops at line ${line(end)} in the middle of a value); re-run the dump command`;
  }
  const start = text.trimStart();
  if (!start.startsWith('{') && !start.startsWith('[')) {
    // Usually kubectl's own error message, redirected into the file with the output.
    return `not JSON (it starts with ${JSON.stringify(start.split('\n')[0]!.slice(0, 80))})`;
  }
  const reason = message
    .replace(/, (\.\.\.)?".*is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+$/, '');
  return `not JSON (${reason}${pos !== undefined ? ` at line ${line(Number(pos))}` : ''})`;
}
