import type { KubeObject } from '../k8s/object.ts';
import type { ReadProblem } from './access.ts';

/** What a cluster holds, grouped by kind; read from a dump or the API, so diagnosis is pure. */
export interface ClusterState {
  /** Where it was read from: dump file names or the API server URL. */
  source: string;
  /** All objects of a kind, across namespaces, in input order. */
  objects(kind: string): KubeObject[];
  /** One object by kind, namespace and name. */
  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Objects of a kind with this name in any namespace (for "it exists in namespace X" hints). */
  named(kind: string, name: string): KubeObject[];
  /** Events whose involvedObject is this object, oldest first. */
  events(kind: string, namespace: string | undefined, name: string): KubeObject[];
  /** False when the kind could not be read (not authenticated, no permission, not in the dump). */
  available(kind: string): boolean;
  /** Why each unavailable kind could not be read, and how to fix it. */
  unavailable: ReadonlyMap<string, ReadProblem>;
  /** Kinds the API server does not serve (CRD not installed): read, and none exist. */
  notServed: ReadonlySet<string>;
}

/** Builds a ClusterState in one pass: Maps by kind, by kind/namespace/name, by kind/name, events by involved object. */
export function makeState(
  source: string,
  objects: Iterable<KubeObject>,
  unavailable: ReadonlyMap<string, ReadProblem> = new Map(),
  notServed: ReadonlySet<string> = new Set(),
): ClusterState {
  const kinds = new Map<string, KubeObject[]>();
  const keyed = new Map<string, KubeObject>();
  const names = new Map<string, KubeObject[]>();
  const events = new Map<string, KubeObject[]>();
  for (const o of objects) {
    const { kind, metadata } = o;
    push(kinds, kind, o);
    push(names, `${kind}/${metadata.name}`, o);
    const key = `${kind}/${metadata.namespace ?? ''}/${metadata.name}`;
    if (!keyed.has(key)) keyed.set(key, o);
    if (kind === 'Event') {
      const inv = (o as { involvedObject?: { kind?: string; namespace?: string; name?: string } })
        .involvedObject;
      if (inv?.kind && inv.name) push(events, `${inv.kind}/${inv.namespace ?? ''}/${inv.name}`, o);
    }
  }
  for (const list of events.values()) list.sort((a, b) => eventTime(a).localeCompare(eventTime(b)));
  return {
    source,
    objects: (kind) => kinds.get(kind) ?? [],
    get: (kind, namespace, name) => keyed.get(`${kind}/${namespace ?? ''}/${name}`),
    named: (kind, name) => names.get(`${kind}/${name}`) ?? [],
    events: (kind, namespace, name) => events.get(`${kind}/${namespace ?? ''}/${name}`) ?? [],
    available: (kind) => !unavailable.has(kind),
    unavailable,
    notServed,
  };
}

/** The time an event last happened, as an ISO string that sorts. */
export function eventTime(e: KubeObject): string {
  const ev = e as { lastTimestamp?: string; eventTime?: string; firstTimestamp?: string };
  return ev.lastTimestamp ?? ev.eventTime ?? ev.firstTimestamp ?? '';
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
