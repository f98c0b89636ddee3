import { readFileSync } from 'node:fs';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../src/k8s/object.ts';
import type { SourcedObject } from '../../src/check/types.ts';

/** Reads a multi-document fixture into SourcedObjects with file and line, unwrapping `List`s. */
export function loadFixture(path: string, file = path): SourcedObject[] {
  const lc = new LineCounter();
  const docs = parseAllDocuments(readFileSync(path, 'utf8'), { lineCounter: lc });
  const out: SourcedObject[] = [];
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    if (d.errors.length) throw new Error(`${file}: ${d.errors[0]?.message}`);
    const o = d.toJS() as KubeObject | null;
    if (!o) continue;
    const line = lc.linePos(d.range[0]).line;
    const items = o.kind === 'List' || o.kind?.endsWith('List') ? ((o as any).items as KubeObject[]) : [o];
    for (const object of items) out.push({ object, file, line });
  }
  return out;
}
