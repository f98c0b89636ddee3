import type { ObjectIndex, SourcedObject } from './types.ts';

type Nested<T> = Map<string, Map<string, T>>;

/**
 * Builds the lookups rules share in one pass over the objects. Maps are nested (kind → namespace →
 * name) rather than keyed by joined strings: rules call `get` tens of thousands of times per run,
 * and building a key string per call dominated the check time.
 */
export function buildIndex(objects: readonly SourcedObject[]): ObjectIndex {
  const kinds = new Map<string, SourcedObject[]>();
  const keyed = new Map<string, Nested<SourcedObject>>();
  // `named` mostly serves "it exists in namespace X" hints of failing references: built per kind on first use
  const names: Nested<SourcedObject[]> = new Map();
  for (const o of objects) {
    const { kind, metadata } = o.object;
    const name = String(metadata?.name);
    const ns = metadata?.namespace ?? '';
    listIn(kinds, kind).push(o);
    const byName = mapIn(mapIn(keyed, kind), ns);
    // The first object wins: a duplicate is a different finding, not a lookup ambiguity.
    if (!byName.has(name)) byName.set(name, o);
  }
  return {
    byKind: (kind) => kinds.get(kind) ?? [],
    get: (kind, namespace, name) =>
      keyed
        .get(kind)
        ?.get(namespace ?? '')
        ?.get(name),
    named: (kind, name) => {
      let m = names.get(kind);
      if (!m) names.set(kind, (m = byName(kinds.get(kind) ?? [])));
      return m.get(name) ?? [];
    },
  };
}

/** name → objects of one kind, for `named`. */
function byName(list: readonly SourcedObject[]): Map<string, SourcedObject[]> {
  const m = new Map<string, SourcedObject[]>();
  for (const o of list) listIn(m, String(o.object.metadata?.name)).push(o);
  return m;
}

function mapIn<T>(m: Map<string, Map<string, T>>, k: string): Map<string, T> {
  let inner = m.get(k);
  if (!inner) m.set(k, (inner = new Map()));
  return inner;
}

function listIn<T>(m: Map<string, T[]>, k: string): T[] {
  let list = m.get(k);
  if (!list) m.set(k, (list = []));
  return list;
}
