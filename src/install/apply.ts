import type { KubeObject } from '../k8s/object.ts';
import { applyQuery, objectPath, statusMessage, type KubeApi, type Resource } from './api.ts';

/** What applying one object did. `unserved`: the cluster has no such kind yet (its CRD comes later). */
export type ApplyOutcome = 'created' | 'changed' | 'unchanged' | 'unserved' | 'rejected';

/** The result of applying one object. */
export interface Applied {
  object: KubeObject;
  outcome: ApplyOutcome;
  /** The API server's reason for a rejection. */
  message?: string;
  /** The object as the server returned it (absent when unserved or rejected). */
  live?: Record<string, unknown>;
}

/** `kind namespace/name` (or `kind name` for cluster objects), as messages name an object. */
export function objectLabel(o: Pick<KubeObject, 'kind' | 'metadata'>): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

type Resolve = (apiVersion: string, kind: string) => Promise<Resource | undefined>;

/** Bookkeeping the server changes on any write (or a dry run leaves as it was): not the object's content. */
const VOLATILE = ['managedFields', 'resourceVersion', 'generation'];

function sameContent(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const strip = (o: Record<string, unknown>) => {
    const metadata = Object.fromEntries(
      Object.entries((o.metadata ?? {}) as Record<string, unknown>).filter(([k]) => !VOLATILE.includes(k)),
    );
    return JSON.stringify({ ...o, metadata });
  };
  return strip(a) === strip(b);
}

/**
 * Server-side apply of one object with strict field validation. The outcome compares the object before and
 * after (bookkeeping aside), so it is also right for a dry run and a second apply reports `unchanged`.
 */
export async function applyObject(
  api: KubeApi,
  resolve: Resolve,
  object: KubeObject,
  opts: { dryRun?: boolean } = {},
): Promise<Applied> {
  const resource = await resolve(object.apiVersion, object.kind);
  if (!resource) return { object, outcome: 'unserved' };
  const path = objectPath(object, resource);
  const before = await api.request('GET', path);
  const reply = await api.request(
    'PATCH',
    path + applyQuery(opts.dryRun),
    object,
    'application/apply-patch+yaml',
  );
  if (reply.status < 200 || reply.status >= 300)
    return { object, outcome: 'rejected', message: statusMessage(reply) };
  const outcome: ApplyOutcome =
    before.status === 404 ? 'created' : sameContent(before.body, reply.body) ? 'unchanged' : 'changed';
  return { object, outcome, live: reply.body };
}

/** What a dry run would have created so far: namespaces, and CRD kinds as `group/Kind`. */
export interface DryRunPending {
  namespaces: Set<string>;
  kinds: Set<string>;
}

/** An empty record, shared by the steps of one dry run. */
export const dryRunPending = (): DryRunPending => ({ namespaces: new Set(), kinds: new Set() });

/**
 * Applies objects in order, one at a time (namespaces and CRDs first is the caller's order). In a dry run the
 * namespaces and CRDs it would create do not exist, so objects inside them or of their kinds cannot be checked
 * by the server: they are reported as created, with a note, instead of refused.
 */
export async function applyAll(
  api: KubeApi,
  resolve: Resolve,
  objects: readonly KubeObject[],
  opts: { dryRun?: boolean; pending?: DryRunPending } = {},
): Promise<Applied[]> {
  const out: Applied[] = [];
  const { namespaces: pendingNamespaces, kinds: pendingKinds } = opts.pending ?? dryRunPending();
  for (const o of objects) {
    const pending =
      (o.metadata.namespace && pendingNamespaces.has(o.metadata.namespace)) ||
      pendingKinds.has(`${o.apiVersion.split('/')[0]}/${o.kind}`);
    if (opts.dryRun && pending) {
      out.push({
        object: o,
        outcome: 'created',
        message: 'not checked: created after what this install creates first',
      });
      continue;
    }
    const applied = await applyObject(api, resolve, o, opts);
    out.push(applied);
    if (!opts.dryRun || applied.outcome !== 'created') continue;
    if (o.kind === 'Namespace') pendingNamespaces.add(o.metadata.name);
    const crd = o.spec as { group?: string; names?: { kind?: string } } | undefined;
    if (o.kind === 'CustomResourceDefinition' && crd?.group && crd.names?.kind)
      pendingKinds.add(`${crd.group}/${crd.names.kind}`);
  }
  return out;
}
