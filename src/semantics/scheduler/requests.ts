import { parseQuantity } from '../../k8s/quantity.ts';
import type { Container, PodSpec } from '../pods.ts';

/** Resource name → amount, in base units (cores, bytes, counts). */
export type Resources = Record<string, number>;

/** What one container requests: its requests, with a limit standing in for a missing request (as the API server defaults it). */
export function containerRequests(c: Container): Resources {
  const out: Resources = {};
  const limits = c.resources?.limits ?? {};
  const requests = c.resources?.requests ?? {};
  for (const [name, q] of Object.entries({ ...limits, ...requests })) {
    const v = parseQuantity(q);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/**
 * What the scheduler reserves for a pod: per resource, the larger of the biggest init container and the
 * sum of the app containers (init containers run one at a time, before the others), plus pod overhead.
 */
export function podRequests(spec: PodSpec): Resources {
  const sum: Resources = {};
  for (const c of list(spec.containers)) add(sum, containerRequests(c));
  const out: Resources = { ...sum };
  for (const c of list(spec.initContainers)) {
    for (const [name, v] of Object.entries(containerRequests(c))) out[name] = Math.max(out[name] ?? 0, v);
  }
  const overhead = (spec.overhead ?? {}) as Record<string, unknown>;
  for (const [name, q] of Object.entries(overhead)) {
    const v = parseQuantity(q);
    if (v !== undefined) out[name] = (out[name] ?? 0) + v;
  }
  return out;
}

/** Adds `b` into `a`, times `n`. */
export function add(a: Resources, b: Resources, n = 1): Resources {
  for (const [name, v] of Object.entries(b)) a[name] = (a[name] ?? 0) + v * n;
  return a;
}

function list(v: unknown): Container[] {
  return Array.isArray(v) ? v.filter((c) => typeof c === 'object' && c !== null) : [];
}
