/*
 * A rendered container as a process would see it: its args and its environment with every secretKeyRef and
 * configMapKeyRef resolved and `$(VAR)` references expanded the way the kubelet does.
 */
import type { KubeObject } from '../../../src/k8s/object.ts';
import { type RenderedPlatform, rendered, secretValue } from './rendered.ts';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
  };
}
interface EnvFrom {
  secretRef?: { name: string };
  configMapRef?: { name: string };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: EnvFrom[];
  volumeMounts?: { name: string; mountPath: string }[];
}

/** A pod volume, as far as the harness materializes it. */
export interface Volume {
  name: string;
  secret?: { secretName: string; items?: { key: string; path: string }[] };
  configMap?: { name: string; items?: { key: string; path: string }[] };
  emptyDir?: object;
}

/** What a rendered container runs with. */
export interface RenderedContainer {
  image: string;
  command: string[];
  args: string[];
  env: Record<string, string>;
  /** Its mounts, each with the pod volume mounted there. */
  mounts: { mountPath: string; volume: Volume }[];
}

function podSpec(o: KubeObject): {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
} {
  const spec = o.spec as {
    template?: { spec?: { containers: Container[]; initContainers?: Container[]; volumes?: Volume[] } };
  };
  if (!spec.template?.spec) throw new Error(`${o.kind} ${o.metadata.name} has no pod template`);
  return spec.template.spec;
}

function configMapValue(r: RenderedPlatform, ns: string, name: string, key: string): string {
  const data = (rendered(r, 'ConfigMap', ns, name) as { data?: Record<string, string> }).data ?? {};
  const v = data[key];
  if (v === undefined) throw new Error(`ConfigMap ${ns}/${name} has no key ${key}`);
  return v;
}

/** `$(NAME)` → the value of an earlier variable, `$$(NAME)` → `$(NAME)`, as the kubelet expands them. */
export function expandRefs(text: string, env: Record<string, string>): string {
  return text.replace(/\$(\$)?\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, escaped: string, name: string) =>
    escaped ? whole.slice(1) : (env[name] ?? whole),
  );
}

function resolveEnv(r: RenderedPlatform, ns: string, c: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of c.envFrom ?? []) {
    if (from.secretRef) Object.assign(env, r.secrets.get(`${ns}/${from.secretRef.name}`) ?? {});
    if (from.configMapRef)
      Object.assign(env, (rendered(r, 'ConfigMap', ns, from.configMapRef.name) as { data?: object }).data);
  }
  for (const e of c.env ?? []) {
    const s = e.valueFrom?.secretKeyRef;
    const m = e.valueFrom?.configMapKeyRef;
    if (s) env[e.name] = secretValue(r, ns, s.name, s.key);
    else if (m) env[e.name] = configMapValue(r, ns, m.name, m.key);
    else if (e.value !== undefined) env[e.name] = expandRefs(e.value, env);
    else
      throw new Error(
        `env ${e.name} of ${c.name}: only value, secretKeyRef and configMapKeyRef are resolved here`,
      );
  }
  return env;
}

/** The container or init container `container` (default: the first container) of the rendered workload `kind namespace/name`. */
export function renderedContainer(
  r: RenderedPlatform,
  kind: string,
  namespace: string,
  name: string,
  container?: string,
): RenderedContainer {
  const spec = podSpec(rendered(r, kind, namespace, name));
  const c = container
    ? [...spec.containers, ...(spec.initContainers ?? [])].find((x) => x.name === container)
    : spec.containers[0];
  if (!c) throw new Error(`${kind} ${namespace}/${name} has no container ${container ?? ''}`);
  const env = resolveEnv(r, namespace, c);
  return {
    image: c.image,
    command: (c.command ?? []).map((a) => expandRefs(a, env)),
    args: (c.args ?? []).map((a) => expandRefs(a, env)),
    env,
    mounts: (c.volumeMounts ?? []).map((m) => {
      const volume = spec.volumes?.find((v) => v.name === m.name);
      if (!volume) throw new Error(`${kind} ${namespace}/${name}: mount ${m.name} names no volume`);
      return { mountPath: m.mountPath, volume };
    }),
  };
}

/** The data of a rendered ConfigMap. */
export function renderedConfigMap(
  r: RenderedPlatform,
  namespace: string,
  name: string,
): Record<string, string> {
  return (rendered(r, 'ConfigMap', namespace, name) as { data?: Record<string, string> }).data ?? {};
}
