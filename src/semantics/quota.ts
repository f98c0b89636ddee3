import { parseQuantity } from '../k8s/quantity.ts';
import {
  containersOf,
  isObject,
  workloads,
  type Container,
  type PodSpec,
  type Workload,
  type Yaml,
} from './pods.ts';
import { nsOf, type SourcedObject } from './objects.ts';
import type { Resources } from './scheduler/requests.ts';

/** The Container limits of a namespace's LimitRanges: defaults, default requests and maxima. */
export interface ContainerLimits {
  default: Resources;
  defaultRequest: Resources;
  max: Resources;
  /** The LimitRange that set the max, per resource, for messages. */
  maxFrom: Record<string, SourcedObject>;
}

/** Merges the `type: Container` entries of the LimitRanges of one namespace. */
export function containerLimits(limitRanges: SourcedObject[]): ContainerLimits {
  const out: ContainerLimits = { default: {}, defaultRequest: {}, max: {}, maxFrom: {} };
  for (const lr of limitRanges) {
    const limits = (lr.object.spec as Yaml)?.limits;
    for (const l of Array.isArray(limits) ? limits : []) {
      if (!isObject(l) || l.type !== 'Container') continue;
      for (const field of ['default', 'defaultRequest', 'max'] as const) {
        for (const [name, q] of Object.entries(isObject(l[field]) ? l[field] : {})) {
          const v = parseQuantity(q);
          if (v === undefined) continue;
          // Several LimitRanges all apply; the tightest max binds.
          if (field === 'max' && out.max[name] !== undefined && out.max[name]! <= v) continue;
          out[field][name] = v;
          if (field === 'max') out.maxFrom[name] = lr;
        }
      }
    }
  }
  return out;
}

/**
 * A container's requests and limits after admission: an explicit limit without a request becomes the
 * request (API defaulting, before admission), then LimitRange `default` fills missing limits and
 * `defaultRequest` (else `default`) fills missing requests.
 */
export function effectiveResources(
  c: Container,
  lr: ContainerLimits,
): { requests: Resources; limits: Resources } {
  const explicitLimits = quantities(c.resources?.limits);
  const explicitRequests = quantities(c.resources?.requests);
  const limits: Resources = { ...lr.default, ...explicitLimits };
  const requests: Resources = {};
  for (const name of new Set([
    ...Object.keys(lr.defaultRequest),
    ...Object.keys(limits),
    ...Object.keys(explicitRequests),
  ])) {
    requests[name] =
      explicitRequests[name] ?? explicitLimits[name] ?? lr.defaultRequest[name] ?? lr.default[name] ?? 0;
  }
  return { requests, limits };
}

function quantities(map: unknown): Resources {
  const out: Resources = {};
  for (const [name, q] of Object.entries(isObject(map) ? map : {})) {
    const v = parseQuantity(q);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** What a namespace's pods and claims add up to, in quota keys (`requests.cpu`, `limits.memory`, `pods`, `requests.storage`, ...). */
export interface Usage {
  totals: Resources;
  /** Contributions per quota key, for messages naming the biggest. */
  parts: Record<string, { what: string; amount: number }[]>;
}

/** The pod templates and PersistentVolumeClaims of each namespace, grouped in one pass. */
export function byNamespace(
  objects: readonly SourcedObject[],
): Map<string, { workloads: Workload[]; claims: SourcedObject[] }> {
  const out = new Map<string, { workloads: Workload[]; claims: SourcedObject[] }>();
  const slot = (ns: string) => {
    let s = out.get(ns);
    if (!s) out.set(ns, (s = { workloads: [], claims: [] }));
    return s;
  };
  for (const w of workloads(objects)) slot(nsOf(w.source)).workloads.push(w);
  for (const o of objects) if (o.object.kind === 'PersistentVolumeClaim') slot(nsOf(o)).claims.push(o);
  return out;
}

/** Sums the pods (× replicas) and PersistentVolumeClaims (incl. StatefulSet claim templates) of one namespace. */
export function namespaceUsage(
  inNs: { workloads: Workload[]; claims: SourcedObject[] },
  lr: ContainerLimits,
  daemonCopies: number,
): Usage {
  const usage: Usage = { totals: {}, parts: {} };
  const put = (key: string, amount: number, what: string) => {
    usage.totals[key] = (usage.totals[key] ?? 0) + amount;
    (usage.parts[key] ??= []).push({ what, amount });
  };
  for (const w of inNs.workloads) {
    const n = w.source.object.kind === 'DaemonSet' ? daemonCopies : replicas(w.source);
    if (n === 0) continue;
    const what = `${w.source.object.kind} ${w.source.object.metadata?.name}${n > 1 ? ` ×${n}` : ''}`;
    const pod = podTotals(w.template.spec, lr);
    put('pods', n, what);
    for (const [name, v] of Object.entries(pod.requests)) {
      put(`requests.${name}`, v * n, what);
      if (name === 'cpu' || name === 'memory') put(name, v * n, what);
    }
    for (const [name, v] of Object.entries(pod.limits)) put(`limits.${name}`, v * n, what);
    if (w.source.object.kind === 'StatefulSet') {
      const vcts = (w.source.object.spec as Yaml)?.volumeClaimTemplates;
      for (const t of Array.isArray(vcts) ? vcts : []) claim(t, n, `${what} claim ${t?.metadata?.name}`, put);
    }
  }
  for (const o of inNs.claims) claim(o.object, 1, `PersistentVolumeClaim ${o.object.metadata?.name}`, put);
  return usage;
}

function claim(pvc: Yaml, n: number, what: string, put: (k: string, v: number, w: string) => void): void {
  const size = parseQuantity(pvc?.spec?.resources?.requests?.storage) ?? 0;
  put('persistentvolumeclaims', n, what);
  put('requests.storage', size * n, what);
  const sc = pvc?.spec?.storageClassName;
  if (typeof sc === 'string') {
    put(`${sc}.storageclass.storage.k8s.io/requests.storage`, size * n, what);
    put(`${sc}.storageclass.storage.k8s.io/persistentvolumeclaims`, n, what);
  }
}

/** Pod requests and limits after LimitRange defaults: max of init containers against the sum of the others. */
function podTotals(spec: PodSpec, lr: ContainerLimits): { requests: Resources; limits: Resources } {
  const sum = { requests: {} as Resources, limits: {} as Resources };
  const init = { requests: {} as Resources, limits: {} as Resources };
  for (const c of containersOf({ spec, jsonPathPrefix: '', labels: {}, annotations: {} })) {
    if (c.jsonPath.includes('ephemeralContainers')) continue;
    const r = effectiveResources(c.container, lr);
    for (const side of ['requests', 'limits'] as const) {
      for (const [name, v] of Object.entries(r[side])) {
        if (c.init) init[side][name] = Math.max(init[side][name] ?? 0, v);
        else sum[side][name] = (sum[side][name] ?? 0) + v;
      }
    }
  }
  for (const side of ['requests', 'limits'] as const) {
    for (const [name, v] of Object.entries(init[side])) sum[side][name] = Math.max(sum[side][name] ?? 0, v);
  }
  return sum;
}

function replicas(o: SourcedObject): number {
  const spec: Yaml = o.object.spec ?? {};
  const v =
    o.object.kind === 'Job'
      ? spec.parallelism
      : o.object.kind === 'CronJob'
        ? spec.jobTemplate?.spec?.parallelism
        : spec.replicas;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 1;
}
