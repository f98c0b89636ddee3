import { containersOf, isObject, workloads, type Yaml } from '../pods.ts';
import type { SourcedObject } from '../objects.ts';
import { POD_LABELS_ANNOTATION } from '../../k8s/annotations.ts';
import { parseLabels } from './declared.ts';
import type { ContainerPort, NetPod, NetPolicy, NetWorld } from './types.ts';

/** The label the API server sets on every Namespace, whatever the manifests say. */
export const NS_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Namespace of an object as the API server would place it (`default` when unset). */
export function namespaceOf(o: SourcedObject): string {
  return o.object.metadata?.namespace || 'default';
}

function portsOf(containers: ReturnType<typeof containersOf>): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const { container, init } of containers) {
    if (init || !Array.isArray(container.ports)) continue;
    for (const p of container.ports as Yaml[])
      if (isObject(p) && typeof p.containerPort === 'number')
        out.push({
          ...(typeof p.name === 'string' ? { name: p.name } : {}),
          port: p.containerPort,
          protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
        });
  }
  return out;
}

/** The pods of a tree: one per pod template of a Pod or workload object. */
export function podsOf(objects: readonly SourcedObject[]): NetPod[] {
  return workloads(objects).map((w) => ({
    id: `${namespaceOf(w.source)}/${w.source.object.metadata?.name}`,
    namespace: namespaceOf(w.source),
    labels: w.template.labels,
    ports: portsOf(containersOf(w.template)),
    annotations: w.template.annotations,
    metadataPath: w.template.jsonPathPrefix.replace(/\.spec$/, '.metadata'),
    source: w.source,
  }));
}

/** A NetworkPolicy's types: explicit `policyTypes`, or Ingress always and Egress when it has egress rules. */
function policyOf(source: SourcedObject): NetPolicy | undefined {
  const spec: Yaml = source.object.spec;
  if (!isObject(spec)) return undefined;
  const types: Yaml[] | undefined = Array.isArray(spec.policyTypes) ? spec.policyTypes : undefined;
  return {
    source,
    namespace: namespaceOf(source),
    podSelector: spec.podSelector ?? {},
    ingress: types ? types.includes('Ingress') : true,
    egress: types ? types.includes('Egress') : Array.isArray(spec.egress),
    ingressRules: Array.isArray(spec.ingress) ? spec.ingress : [],
    egressRules: Array.isArray(spec.egress) ? spec.egress : [],
  };
}

/** Pods, NetworkPolicies, namespace labels and the declared labels of pods not in the tree (from Applications). */
export function worldOf(objects: readonly SourcedObject[]): NetWorld {
  const nsLabels = new Map<string, Record<string, string>>();
  const policies: NetPolicy[] = [];
  const standIns = new Map<string, Record<string, string>>();
  for (const o of objects) {
    const labels = o.object.metadata?.annotations?.[POD_LABELS_ANNOTATION];
    const spec: Yaml = o.object.spec;
    if (o.object.kind === 'Application' && labels && isObject(spec) && isObject(spec.destination))
      standIns.set(`${spec.destination.namespace}/${o.object.metadata?.name}`, parseLabels(labels));
    if (o.object.kind === 'Namespace' && o.object.metadata?.name)
      nsLabels.set(o.object.metadata.name, o.object.metadata.labels ?? {});
    if (o.object.kind === 'NetworkPolicy') {
      const p = policyOf(o);
      if (p) policies.push(p);
    }
  }
  return {
    pods: podsOf(objects),
    policies,
    namespaceLabels: (ns) => ({ ...(nsLabels.get(ns) ?? {}), [NS_NAME_LABEL]: ns }),
    standInLabels: (ns, service) => standIns.get(`${ns}/${service}`) ?? {},
  };
}
