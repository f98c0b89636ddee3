import { jobSecrets } from './job-secrets.ts';
import { isObject } from './pods.ts';
import { keysOf } from './refs.ts';
import type { ObjectIndex } from './objects.ts';
import type { Yaml } from './pods.ts';

/** Keys of the Secret cert-manager writes for a Certificate. */
const CERT_KEYS = ['ca.crt', 'tls.crt', 'tls.key'];
/** Keys of the `<cluster>-app` / `-superuser` Secrets CloudNativePG writes. */
const CNPG_KEYS = [
  'dbname',
  'fqdn-jdbc-uri',
  'fqdn-uri',
  'host',
  'jdbc-uri',
  'password',
  'pgpass',
  'port',
  'uri',
  'user',
  'username',
];

// Secrets written by controllers from other objects, keyed `ns/name`; built once per index.
const produced = new WeakMap<ObjectIndex, Map<string, string[]>>();

function producedSecrets(index: ObjectIndex): Map<string, string[]> {
  let m = produced.get(index);
  if (m) return m;
  m = new Map();
  for (const c of index.byKind('Certificate')) {
    const name = (c.object.spec as Yaml)?.secretName;
    if (typeof name === 'string') m.set(`${c.object.metadata.namespace ?? ''}/${name}`, CERT_KEYS);
  }
  for (const c of index.byKind('Cluster')) {
    if (!c.object.apiVersion?.startsWith('postgresql.cnpg.io/')) continue;
    const ns = c.object.metadata.namespace ?? '';
    m.set(`${ns}/${c.object.metadata.name}-app`, CNPG_KEYS);
    if ((c.object.spec as Yaml)?.enableSuperuserAccess === true)
      m.set(`${ns}/${c.object.metadata.name}-superuser`, CNPG_KEYS);
  }
  // Charts' Jobs that create a Secret when they run (argocd-redis, webhook certificates).
  for (const j of index.byKind('Job'))
    for (const s of jobSecrets(j.object)) m.set(`${s.namespace}/${s.name}`, s.keys);
  produced.set(index, m);
  return m;
}

/**
 * Keys a Secret will hold in namespace `ns`, or undefined when nothing in the tree provides it:
 * a Secret (data, stringData), a SealedSecret (spec.encryptedData plus spec.template.data), a
 * cert-manager Certificate (spec.secretName), a CloudNativePG Cluster (`<name>-app`) or a Job whose program
 * creates it when it runs (job-secrets.ts).
 */
export function secretKeys(index: ObjectIndex, ns: string, name: string): string[] | undefined {
  const s = index.get('Secret', ns, name);
  if (s) return [...keysOf(s.object.data), ...keysOf(s.object.stringData)];
  const ss = index.get('SealedSecret', ns, name);
  if (ss) {
    const spec = isObject(ss.object.spec) ? ss.object.spec : {};
    return [...keysOf(spec.encryptedData), ...keysOf(spec.template?.data)];
  }
  return producedSecrets(index).get(`${ns}/${name}`);
}

/** Namespaces other than `ns` where a Secret of this name is provided (for "it exists in namespace X"). */
export function secretElsewhere(index: ObjectIndex, name: string, ns: string): string[] {
  const found = new Set<string>();
  for (const k of ['Secret', 'SealedSecret'])
    for (const o of index.named(k, name)) found.add(o.object.metadata.namespace ?? '');
  for (const key of producedSecrets(index).keys()) {
    const slash = key.indexOf('/');
    if (key.slice(slash + 1) === name) found.add(key.slice(0, slash));
  }
  found.delete(ns);
  return [...found].sort();
}

/** Keys of ConfigMap `ns/name`, or undefined when absent; `kube-root-ca.crt` exists in every namespace. */
export function configMapKeys(index: ObjectIndex, ns: string, name: string): string[] | undefined {
  const c = index.get('ConfigMap', ns, name);
  if (c) return [...keysOf(c.object.data), ...keysOf(c.object.binaryData)];
  if (name === 'kube-root-ca.crt') return ['ca.crt'];
  return undefined;
}
