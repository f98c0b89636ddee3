import { isObject } from './pods.ts';
import { nsOf, type ObjectIndex, type SourcedObject } from './objects.ts';
import type { Yaml } from './pods.ts';

/** A backend named by an Ingress or IngressRoute. */
export interface BackendRef {
  namespace: string;
  name: string;
  port: unknown;
  jsonPath: string;
}

/** Services named by an Ingress (rules and defaultBackend) or a Traefik IngressRoute (routes[].services of kind Service). */
export function backendsOf(o: SourcedObject): BackendRef[] {
  const spec = isObject(o.object.spec) ? o.object.spec : {};
  const ns = nsOf(o);
  const out: BackendRef[] = [];
  if (o.object.kind === 'Ingress') {
    const def = spec.defaultBackend?.service;
    if (isObject(def))
      out.push({
        namespace: ns,
        name: def.name,
        port: def.port?.number ?? def.port?.name,
        jsonPath: '.spec.defaultBackend.service',
      });
    (Array.isArray(spec.rules) ? spec.rules : []).forEach((r: Yaml, ri: number) => {
      (Array.isArray(r?.http?.paths) ? r.http.paths : []).forEach((p: Yaml, pi: number) => {
        const s = p?.backend?.service;
        if (isObject(s))
          out.push({
            namespace: ns,
            name: s.name,
            port: s.port?.number ?? s.port?.name,
            jsonPath: `.spec.rules[${ri}].http.paths[${pi}].backend.service`,
          });
      });
    });
  } else if (o.object.kind === 'IngressRoute') {
    (Array.isArray(spec.routes) ? spec.routes : []).forEach((r: Yaml, ri: number) => {
      (Array.isArray(r?.services) ? r.services : []).forEach((s: Yaml, si: number) => {
        if (!isObject(s) || (s.kind && s.kind !== 'Service')) return; // TraefikService and api@internal are not Services
        out.push({
          namespace: s.namespace ?? ns,
          name: s.name,
          port: s.port,
          jsonPath: `.spec.routes[${ri}].services[${si}]`,
        });
      });
    });
  }
  return out;
}

/** Ingress-like objects: Kubernetes Ingress and Traefik IngressRoute. */
export function routeObjects(index: ObjectIndex): SourcedObject[] {
  return [...index.byKind('Ingress'), ...index.byKind('IngressRoute')];
}
