import type { KubeObject } from '../k8s/object.ts';
import type { SourcedObject } from './objects.ts';

/**
 * Untrusted YAML data as rules walk it: any field may be missing or of the wrong type, so every read
 * is guarded (isObject, Array.isArray, typeof) rather than typed; strict typing is schema-valid's job.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one escape hatch for untyped input, see above
export type Yaml = any;

/** The parts of a PodSpec rules read; everything is optional because input is untrusted YAML. */
export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Record<string, Yaml>[];
  serviceAccountName?: string;
  serviceAccount?: string;
  imagePullSecrets?: { name?: string }[];
  securityContext?: Record<string, Yaml>;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  nodeSelector?: Record<string, string>;
  [key: string]: unknown;
}

/** A container as rules read it. */
export interface Container {
  name?: string;
  image?: string;
  args?: unknown[];
  command?: unknown[];
  env?: Record<string, Yaml>[];
  envFrom?: Record<string, Yaml>[];
  securityContext?: Record<string, Yaml>;
  resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> };
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  startupProbe?: unknown;
  [key: string]: unknown;
}

/** A pod template found in an object, with the JSON path of its PodSpec. */
export interface PodTemplate {
  spec: PodSpec;
  /** e.g. `.spec.template.spec`; container paths append `.containers[0]`. */
  jsonPathPrefix: string;
  /** Labels of the pods it creates (for Service selectors). */
  labels: Record<string, string>;
  /** Annotations of the pods it creates. */
  annotations: Record<string, string>;
}

/** Where each workload kind keeps its pod template. */
const TEMPLATE_PATHS: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The pod template of a Pod or workload object, or undefined for other kinds. */
export function podSpecOf(object: KubeObject): PodTemplate | undefined {
  if (object.kind === 'Pod') {
    const spec = object.spec as PodSpec | undefined;
    if (!isObject(spec)) return undefined;
    const m = object.metadata ?? {};
    return { spec, jsonPathPrefix: '.spec', labels: m.labels ?? {}, annotations: m.annotations ?? {} };
  }
  const path = TEMPLATE_PATHS[object.kind];
  if (!path) return undefined;
  let t: Yaml = object;
  for (const k of path) t = isObject(t) ? t[k] : undefined;
  if (!isObject(t) || !isObject(t.spec)) return undefined;
  return {
    spec: t.spec as PodSpec,
    jsonPathPrefix: `.${path.join('.')}.spec`,
    labels: (t.metadata?.labels as Record<string, string>) ?? {},
    annotations: (t.metadata?.annotations as Record<string, string>) ?? {},
  };
}

/** A container with its JSON path and whether it is an init container. */
export interface ContainerAt {
  container: Container;
  jsonPath: string;
  init: boolean;
}

// Every pod rule asks for the containers of every template: list them once per template object.
const containerCache = new WeakMap<PodTemplate, readonly ContainerAt[]>();

/** Every container of a pod template (init, regular, ephemeral), with JSON paths. */
export function containersOf(t: PodTemplate): readonly ContainerAt[] {
  const hit = containerCache.get(t);
  if (hit) return hit;
  const out: ContainerAt[] = [];
  for (const field of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    const list = t.spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((container, i) => {
      if (isObject(container))
        out.push({ container, jsonPath: `${t.jsonPathPrefix}.${field}[${i}]`, init: field !== 'containers' });
    });
  }
  containerCache.set(t, out);
  return out;
}

/** A sourced object together with its pod template. */
export interface Workload {
  source: SourcedObject;
  template: PodTemplate;
}

// Many rules walk the pod templates of the same run; compute them once per objects array.
const cache = new WeakMap<readonly SourcedObject[], Workload[]>();

/** Every object of the run that carries a pod template. */
export function workloads(objects: readonly SourcedObject[]): Workload[] {
  const hit = cache.get(objects);
  if (hit) return hit;
  const out: Workload[] = [];
  for (const source of objects) {
    const template = podSpecOf(source.object);
    if (template) out.push({ source, template });
  }
  cache.set(objects, out);
  return out;
}

/** True for a non-null, non-array object. */
export function isObject(v: unknown): v is Record<string, Yaml> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
