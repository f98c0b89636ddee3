import type { PodTemplate } from './pods.ts';
import { isObject } from './pods.ts';
import type { ObjectIndex, SourcedObject } from './objects.ts';
import type { Yaml } from './pods.ts';

/** A reference from a pod template to a Secret or ConfigMap, with the keys it asks for. */
export interface PodRef {
  name: string;
  keys: string[];
  optional: boolean;
  jsonPath: string;
  /** How it is referenced, for messages: `env FOO`, `volume data`, ... */
  via: string;
}

/** The kinds of object a pod template references by name and key. */
export type RefKind = 'secret' | 'configMap';

/** Every Secret (or ConfigMap) a pod template references: env, envFrom, volumes, projected volumes, pull secrets. */
export function podRefs(t: PodTemplate, kind: RefKind): PodRef[] {
  const out: PodRef[] = [];
  const keyRef = kind === 'secret' ? 'secretKeyRef' : 'configMapKeyRef';
  const fromRef = kind === 'secret' ? 'secretRef' : 'configMapRef';
  for (const field of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    const list = Array.isArray(t.spec[field]) ? t.spec[field] : [];
    list.forEach((c, ci) => {
      const base = `${t.jsonPathPrefix}.${field}[${ci}]`;
      (Array.isArray(c?.env) ? c.env : []).forEach((e, ei) => {
        const r = e?.valueFrom?.[keyRef];
        if (isObject(r) && r.name)
          out.push({
            name: r.name,
            keys: r.key ? [r.key] : [],
            optional: r.optional === true,
            jsonPath: `${base}.env[${ei}].valueFrom.${keyRef}`,
            via: `env ${e.name}`,
          });
      });
      (Array.isArray(c?.envFrom) ? c.envFrom : []).forEach((e, ei) => {
        const r = e?.[fromRef];
        if (isObject(r) && r.name)
          out.push({
            name: r.name,
            keys: [],
            optional: r.optional === true,
            jsonPath: `${base}.envFrom[${ei}].${fromRef}`,
            via: 'envFrom',
          });
      });
    });
  }
  (Array.isArray(t.spec.volumes) ? t.spec.volumes : []).forEach((v, vi) => {
    const path = `${t.jsonPathPrefix}.volumes[${vi}]`;
    const direct = v?.[kind];
    const name = kind === 'secret' ? direct?.secretName : direct?.name;
    if (isObject(direct) && name)
      out.push({
        name,
        keys: itemKeys(direct),
        optional: direct.optional === true,
        jsonPath: `${path}.${kind}`,
        via: `volume ${v.name}`,
      });
    const sources = Array.isArray(v?.projected?.sources) ? v.projected.sources : [];
    sources.forEach((s: Yaml, si: number) => {
      const p = s?.[kind];
      if (isObject(p) && p.name)
        out.push({
          name: p.name,
          keys: itemKeys(p),
          optional: p.optional === true,
          jsonPath: `${path}.projected.sources[${si}].${kind}`,
          via: `volume ${v.name}`,
        });
    });
  });
  if (kind === 'secret') {
    (Array.isArray(t.spec.imagePullSecrets) ? t.spec.imagePullSecrets : []).forEach((s, i) => {
      if (s?.name)
        out.push({
          name: s.name,
          keys: [],
          optional: false,
          jsonPath: `${t.jsonPathPrefix}.imagePullSecrets[${i}]`,
          via: 'imagePullSecrets',
        });
    });
  }
  return out;
}

function itemKeys(src: Record<string, Yaml>): string[] {
  return Array.isArray(src.items)
    ? src.items.map((i: Yaml) => i?.key).filter((k: unknown) => typeof k === 'string')
    : [];
}

/** Keys of an object's string maps, e.g. keysOf(secret, ['data', 'stringData']). */
export function keysOf(map: unknown): string[] {
  return isObject(map) ? Object.keys(map) : [];
}

/** Namespaces (other than `ns`) holding an object of one of these kinds with this name, sorted. */
export function elsewhere(index: ObjectIndex, kinds: string[], name: string, ns: string): string[] {
  const found = new Set<string>();
  for (const k of kinds) for (const o of index.named(k, name)) found.add(o.object.metadata?.namespace ?? '');
  found.delete(ns);
  return [...found].sort();
}

/** `not found in namespace ai (it exists in namespace ai-services)`. */
export function notFound(what: string, name: string, ns: string, others: string[]): string {
  const hint = others.length
    ? ` (it exists in namespace ${others.map((n) => n || '(none)').join(', ')})`
    : '';
  return `${what} "${name}" not found in namespace ${ns || '(none)'}${hint}`;
}

/** The first object among kinds with this namespace and name. */
export function findAny(
  index: ObjectIndex,
  kinds: string[],
  ns: string,
  name: string,
): SourcedObject | undefined {
  for (const k of kinds) {
    const o = index.get(k, ns, name);
    if (o) return o;
  }
  return undefined;
}
