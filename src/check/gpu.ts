import jsyaml from 'js-yaml';
import { parseQuantity } from '../k8s/quantity.ts';
import { applications, sourcesOf } from './gitops.ts';
import { containersOf, isObject, type PodTemplate, type Yaml } from '../semantics/pods.ts';
import type { ObjectIndex, SourcedObject } from './types.ts';

/** The extended resource of NVIDIA GPUs (time-sliced replicas included). */
export const GPU = 'nvidia.com/gpu';

/** The GPU operator's settings, from a ClusterPolicy or from the Helm values of its Application. */
export interface OperatorConfig {
  source: SourcedObject;
  /** ClusterPolicy `spec` or the chart values. */
  values: Record<string, Yaml>;
  /** JSON path of `values` in the object. */
  jsonPath: string;
  /** Namespace the operator (and its time-slicing ConfigMap) lives in. */
  namespace: string;
}

/** Every place the GPU operator is configured: ClusterPolicy objects and Applications of the `gpu-operator` chart. */
export function operatorConfigs(index: ObjectIndex): OperatorConfig[] {
  const out: OperatorConfig[] = [];
  for (const cp of index.byKind('ClusterPolicy')) {
    if (!String(cp.object.apiVersion).startsWith('nvidia.com/') || !isObject(cp.object.spec)) continue;
    out.push({ source: cp, values: cp.object.spec, jsonPath: '.spec', namespace: 'gpu-operator' });
  }
  for (const app of applications(index)) {
    const namespace = (app.object.spec as Yaml)?.destination?.namespace ?? 'gpu-operator';
    for (const s of sourcesOf(app)) {
      if (s.chart !== 'gpu-operator') continue;
      const helm: Yaml = isObject(s.helm) ? s.helm : {};
      if (isObject(helm.valuesObject))
        out.push({
          source: app,
          values: helm.valuesObject,
          jsonPath: `${s.jsonPath}.helm.valuesObject`,
          namespace,
        });
      else if (typeof helm.values === 'string') {
        const parsed = safeLoad(helm.values);
        out.push({
          source: app,
          values: isObject(parsed) ? parsed : {},
          jsonPath: `${s.jsonPath}.helm.values`,
          namespace,
        });
      } else out.push({ source: app, values: {}, jsonPath: `${s.jsonPath}.helm`, namespace });
    }
  }
  return out;
}

/** The toolkit environment of an operator config as a map (`toolkit.env` is a list of {name, value}). */
export function toolkitEnv(values: Record<string, Yaml>): Record<string, string> {
  const env = values.toolkit?.env;
  return Object.fromEntries(
    (Array.isArray(env) ? env : [])
      .filter((e: Yaml) => isObject(e) && e.name)
      .map((e: Yaml) => [e.name, String(e.value ?? '')]),
  );
}

/** How many GPUs (or slices) a pod template asks for: the larger of its biggest init container and the sum of the others. */
export function gpuRequest(t: PodTemplate): number {
  let sum = 0;
  let init = 0;
  for (const c of containersOf(t)) {
    const r = c.container.resources ?? {};
    const v = parseQuantity(r.limits?.[GPU] ?? r.requests?.[GPU]) ?? 0;
    if (c.init) init = Math.max(init, v);
    else sum += v;
  }
  return Math.max(sum, init);
}

/** YAML text parsed, or the error message when it does not parse. */
export function safeLoad(text: string): unknown {
  try {
    return jsyaml.load(text);
  } catch (e) {
    return new Error(e instanceof Error ? e.message.split('\n')[0] : String(e));
  }
}
