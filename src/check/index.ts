import type { ObjectIndex, SourcedObject } from './types.ts';

/** Builds the lookups rules share: one pass over the objects, Maps keyed by kind and by kind/namespace/name. */
export function buildIndex(objects: readonly SourcedObject[]): ObjectIndex {
  const kinds = new Map<string, SourcedObject[]>();
  const keyed = new Map<string, SourcedObject>();
  const names = new Map<string, SourcedObject[]>();
  for (const o of objects) {
    const { kind, metadata } = o.object;
    push(kinds, kind, o);
    push(names, `${kind}/${metadata?.name}`, o);
    const key = `${kind}/${metadata?.namespace ?? ''}/${metadata?.name}`;
    // The first object wins: a duplicate is a different finding, not a lookup ambiguity.
    if (!keyed.has(key)) keyed.set(key, o);
  }
  return {
    byKind: (kind) => kinds.get(kind) ?? [],
    get: (kind, namespace, name) => keyed.get(`${kind}/${namespace ?? ''}/${name}`),
    named: (kind, name) => names.get(`${kind}/${name}`) ?? [],
  };
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
