import { containersOf, isObject, type PodTemplate, type Yaml } from '../semantics/pods.ts';
import type { ObjectIndex } from './types.ts';

/** An in-cluster address a container is configured with, and the configuration key holding it. */
export interface ConfiguredAddress {
  /** Service name and namespace the host names. */
  service: string;
  namespace: string;
  /** The port asked for: explicit, or the scheme's default; undefined for a bare host (e.g. `DB_HOST`). */
  port?: number;
  /** The text as configured, e.g. `http://ollama-gpu.gpu.svc.cluster.local:11434`. */
  text: string;
  /** The key a user changes: `env OLLAMA_HOST`, `args[3]`, `ConfigMap ai/litellm-config key config.yaml`. */
  key: string;
  /** JSON path in the workload (the container field, or the volume of a mounted ConfigMap). */
  jsonPath: string;
}

const DEFAULT_PORTS: Record<string, number> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  postgres: 5432,
  postgresql: 5432,
  redis: 6379,
  rediss: 6379,
  valkey: 6379,
  mongodb: 27017,
};

// `scheme://[user@]host[:port]` with an in-cluster host, or a bare `host[:port]` ending in .svc[.cluster.local].
const URL_RE = /\b([a-z][a-z0-9+.-]*):\/\/(?:[^@\s/'"]*@)?([a-z0-9][a-z0-9.-]*)(?::(\d+))?/gi;
const SVC_RE =
  /(?<![\w.@/-])([a-z0-9][a-z0-9-]*)\.([a-z0-9][a-z0-9-]*)\.svc(?:\.cluster\.local)?\.?(?::(\d+))?(?![\w.-])/gi;

/**
 * In-cluster addresses in one text: URLs whose host is `<svc>.<ns>.svc[.cluster.local]`, or a bare name
 * of a Service in the pod's own namespace; and bare `<svc>.<ns>.svc[.cluster.local][:port]` hosts.
 */
export function addressesIn(
  text: string,
  podNs: string,
  index: ObjectIndex,
): Omit<ConfiguredAddress, 'key' | 'jsonPath'>[] {
  const out: Omit<ConfiguredAddress, 'key' | 'jsonPath'>[] = [];
  const seen = new Set<string>();
  const add = (a: Omit<ConfiguredAddress, 'key' | 'jsonPath'>) => {
    const id = `${a.namespace}/${a.service}:${a.port ?? ''}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push(a);
  };
  URL_RE.lastIndex = 0;
  for (let m = URL_RE.exec(text); m; m = URL_RE.exec(text)) {
    const scheme = m[1]!.toLowerCase();
    const host = m[2]!.toLowerCase().replace(/\.$/, '');
    const port = m[3] ? Number(m[3]) : DEFAULT_PORTS[scheme];
    const parts = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(\.cluster\.local)?$/.exec(host);
    if (parts) add({ service: parts[1]!, namespace: parts[2]!, port, text: m[0] });
    // A bare name is a Service only if the pod's namespace has one by that name.
    else if (!host.includes('.') && index.get('Service', podNs, host))
      add({ service: host, namespace: podNs, port, text: m[0] });
  }
  SVC_RE.lastIndex = 0;
  for (let m = SVC_RE.exec(text); m; m = SVC_RE.exec(text)) {
    const start = m.index;
    // Hosts inside a URL were read above with their scheme's port.
    if (/:\/\/[^\s'"]*$/.test(text.slice(Math.max(0, start - 200), start))) continue;
    add({
      service: m[1]!.toLowerCase(),
      namespace: m[2]!.toLowerCase(),
      ...(m[3] ? { port: Number(m[3]) } : {}),
      text: m[0],
    });
  }
  return out;
}

/** Keys of a ConfigMap or Secret that a container reads: its volumes mounted there, and envFrom. */
function mountedData(t: PodTemplate, c: Yaml, index: ObjectIndex, ns: string) {
  const out: { text: string; key: string; jsonPath: string }[] = [];
  const mounts = new Set<string>(
    (Array.isArray(c.volumeMounts) ? c.volumeMounts : []).map((m: Yaml) => m?.name).filter(Boolean),
  );
  const volumes: Yaml[] = Array.isArray(t.spec.volumes) ? t.spec.volumes : [];
  volumes.forEach((v, i) => {
    if (!isObject(v) || !mounts.has(v.name)) return;
    const refs: [string, string | undefined][] = [
      ['ConfigMap', v.configMap?.name],
      ['Secret', v.secret?.secretName],
      ...((Array.isArray(v.projected?.sources) ? v.projected.sources : []) as Yaml[]).flatMap(
        (s): [string, string | undefined][] => [
          ['ConfigMap', s?.configMap?.name],
          ['Secret', s?.secret?.name],
        ],
      ),
    ];
    for (const [kind, name] of refs) {
      if (typeof name !== 'string') continue;
      for (const [k, text] of dataOf(index, kind, ns, name))
        out.push({
          text,
          key: `${kind} ${ns}/${name} key ${k}`,
          jsonPath: `${t.jsonPathPrefix}.volumes[${i}]`,
        });
    }
  });
  return out;
}

function dataOf(index: ObjectIndex, kind: string, ns: string, name: string): [string, string][] {
  const o = index.get(kind, ns, name)?.object;
  if (!o) return [];
  const data = {
    ...(isObject(o.data) && kind === 'ConfigMap' ? o.data : {}),
    ...(isObject(o.stringData) ? o.stringData : {}),
  };
  return Object.entries(data).filter((e): e is [string, string] => typeof e[1] === 'string');
}

/** Every in-cluster address the containers of a pod template are configured with, each with its key. */
export function configuredAddresses(t: PodTemplate, index: ObjectIndex, ns: string): ConfiguredAddress[] {
  const out: ConfiguredAddress[] = [];
  for (const { container: c, jsonPath } of containersOf(t)) {
    const texts: { text: string; key: string; jsonPath: string }[] = [];
    (Array.isArray(c.env) ? c.env : []).forEach((e: Yaml, i: number) => {
      if (isObject(e) && typeof e.value === 'string')
        texts.push({ text: e.value, key: `env ${e.name}`, jsonPath: `${jsonPath}.env[${i}].value` });
    });
    for (const field of ['command', 'args'] as const)
      (Array.isArray(c[field]) ? c[field] : []).forEach((a: unknown, i: number) => {
        if (typeof a === 'string')
          texts.push({ text: a, key: `${field}[${i}]`, jsonPath: `${jsonPath}.${field}[${i}]` });
      });
    texts.push(...mountedData(t, c, index, ns));
    const name = typeof c.name === 'string' ? c.name : '?';
    for (const t0 of texts)
      for (const a of addressesIn(t0.text, ns, index))
        out.push({ ...a, key: `container ${name} ${t0.key}`, jsonPath: t0.jsonPath });
  }
  return out;
}
