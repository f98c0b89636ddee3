import { isClusterScoped, type TreeScopes } from '../k8s/scope.ts';
import { readersOf } from './gitops.ts';
import { isObject, type Yaml } from '../semantics/pods.ts';
import { waveOf } from '../semantics/scheduler/pods.ts';
import type { SourcedObject } from './types.ts';

/** Which Argo CD Applications apply an object. */
export interface Delivery {
  /** The Applications of the run, in sync order (wave, then name). */
  apps: readonly SourcedObject[];
  /** The Application that applies it first: the one its chart recording names, else the first whose source reads its file. */
  by(o: SourcedObject): SourcedObject | undefined;
  /** Every Application that applies it: its recording's, and every one whose source reads its file. */
  all(o: SourcedObject): SourcedObject[];
  /** An Application by name. */
  named(name: string): SourcedObject | undefined;
}

const NONE: SourcedObject[] = [];
const cache = new WeakMap<readonly SourcedObject[], Delivery>();

/** The delivery of a run's objects, computed once per objects array. */
export function deliveryOf(objects: readonly SourcedObject[]): Delivery {
  const hit = cache.get(objects);
  if (hit) return hit;
  const apps = objects
    .filter((o) => o.object.kind === 'Application')
    .sort((a, b) => waveOf(a) - waveOf(b) || cmp(nameOf(a), nameOf(b)));
  const byName = new Map<string, SourcedObject>();
  for (const a of apps) if (!byName.has(nameOf(a))) byName.set(nameOf(a), a);
  const readers = new Map<string, SourcedObject[]>();
  const readersOfFile = (file: string | undefined): SourcedObject[] => {
    if (!file || !apps.length) return NONE;
    let r = readers.get(file);
    if (!r) readers.set(file, (r = readersOf(apps, file)));
    return r;
  };
  const d: Delivery = {
    apps,
    by: (o) => (o.application !== undefined ? byName.get(o.application) : readersOfFile(o.file)[0]),
    all: (o) => {
      const own = o.application !== undefined ? byName.get(o.application) : undefined;
      const read = o.application !== undefined ? NONE : readersOfFile(o.file);
      return own ? [own, ...read.filter((a) => a !== own)] : read;
    },
    named: (name) => byName.get(name),
  };
  cache.set(objects, d);
  return d;
}

/** An Application's `spec.destination` (server, name, namespace), fields missing when unset. */
export function destinationOf(app: SourcedObject): { server?: string; name?: string; namespace?: string } {
  const spec: Yaml = isObject(app.object.spec) ? app.object.spec : {};
  const d: Yaml = isObject(spec.destination) ? spec.destination : {};
  return {
    ...(typeof d.server === 'string' ? { server: d.server } : {}),
    ...(typeof d.name === 'string' ? { name: d.name } : {}),
    ...(typeof d.namespace === 'string' && d.namespace ? { namespace: d.namespace } : {}),
  };
}

/** Scopes of the CustomResourceDefinitions in the run, by `group/kind`. */
export function treeScopes(objects: readonly SourcedObject[]): TreeScopes {
  const out = new Map<string, string>();
  for (const o of objects) {
    if (o.object.kind !== 'CustomResourceDefinition') continue;
    const spec: Yaml = o.object.spec;
    if (isObject(spec) && typeof spec.group === 'string' && typeof spec.names?.kind === 'string')
      out.set(`${spec.group}/${spec.names.kind}`, String(spec.scope));
  }
  return out;
}

/**
 * The objects as Argo CD applies them: a namespaced object without `metadata.namespace` that an Application
 * delivers lands in the Application's destination namespace (gitops-engine pkg/sync/sync_context.go,
 * getSyncTasks: "If target object's namespace is empty, we set namespace in the object"; argo-cd v3.3.9).
 * Placed objects are copies; the input is returned as is when nothing moves.
 */
export function placeInDestinations(objects: SourcedObject[]): SourcedObject[] {
  if (!objects.some((o) => !o.object.metadata?.namespace)) return objects;
  const d = deliveryOf(objects);
  if (!d.apps.length) return objects;
  const scopes = treeScopes(objects);
  let out: SourcedObject[] | undefined;
  objects.forEach((o, i) => {
    const meta = o.object.metadata;
    if (meta?.namespace) return;
    const app = d.by(o);
    const ns = app && destinationOf(app).namespace;
    if (!ns || isClusterScoped(String(o.object.apiVersion), o.object.kind, scopes) !== false) return;
    out ??= [...objects];
    out[i] = { ...o, object: { ...o.object, metadata: { ...meta, name: meta?.name, namespace: ns } } };
  });
  return out ?? objects;
}

function nameOf(o: SourcedObject): string {
  return String(o.object.metadata?.name ?? '');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
