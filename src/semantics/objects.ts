import type { KubeObject } from '../k8s/object.ts';

/** An object of a tree, with where it came from. */
export interface SourcedObject {
  object: KubeObject;
  /** File it was read from or will be written to (relative path). */
  file?: string;
  /** 1-based line of the document in that file. */
  line?: number;
  /** Service that built it (platform mode). */
  service?: string;
  /** platform.yaml key that produced it (platform mode). */
  configPath?: string;
  /**
   * The Argo CD Application that renders it from a chart, when the input says so (a chart recording's header,
   * check/recording.ts). Otherwise the Application is the one whose source reads its file (check/delivery.ts).
   */
  application?: string;
  /**
   * Set on stand-in workloads (check/standins/): what the object stands in for and the operator source it is rebuilt
   * from. Stand-ins are judged by the admission rules only, and named stand-ins in their findings.
   */
  standIn?: string;
}

/** Lookups over the objects of a tree, built once per run. */
export interface ObjectIndex {
  /** All objects of a kind (e.g. `Secret`), across namespaces. */
  byKind(kind: string): SourcedObject[];
  /** One object by kind, namespace and name. */
  get(kind: string, namespace: string | undefined, name: string): SourcedObject | undefined;
  /** Objects of a kind with this name in any namespace (for "it exists in namespace X" hints). */
  named(kind: string, name: string): SourcedObject[];
}

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

/** `ns/name`, or just `name` for objects without a namespace; used in messages. */
export function where(o: SourcedObject): string {
  const m = o.object.metadata;
  return m?.namespace ? `${m.namespace}/${m.name}` : String(m?.name);
}

/** The namespace of an object for same-namespace lookups ('' when unset: a tree without namespaces shares one). */
export function nsOf(o: SourcedObject): string {
  return o.object.metadata?.namespace ?? '';
}
