import type { Yaml } from '../../semantics/pods.ts';
import { parseQuantity } from '../../k8s/quantity.ts';
import type { KubeObject } from '../../k8s/object.ts';
import { byNamespace, containerLimits, namespaceUsage } from '../../semantics/quota.ts';
import { podTemplate, type BuiltObject } from './built.ts';

/** Headroom over what the platform's own pods use: rollouts surge a pod, jobs and operator pods come and go. */
export const HEADROOM = 0.5;
/** The least headroom per quota key, whatever the usage (a surge pod, a fresh claim). */
const MIN_HEADROOM: Record<string, number> = {
  'requests.cpu': 0.5,
  'limits.cpu': 1,
  'requests.memory': 512 * 2 ** 20,
  'limits.memory': 1024 * 2 ** 20,
  pods: 2,
  'requests.storage': 10 * 2 ** 30,
  persistentvolumeclaims: 2,
  'requests.nvidia.com/gpu': 0,
};

/** LimitRange defaults for containers that state nothing (chart pods, sidecars injected by operators). */
export const CONTAINER_DEFAULTS = {
  default: { cpu: 0.5, memory: 512 * 2 ** 20 },
  defaultRequest: { cpu: 0.05, memory: 64 * 2 ** 20 },
};

/** What a namespace's workloads add up to, per quota key, and the biggest container limits. */
export interface NamespaceNeeds {
  totals: Record<string, number>;
  /** The largest workload's share per key: the headroom must fit its rollout surge. */
  largestPod: Record<string, number>;
  maxLimits: { cpu: number; memory: number };
}

/**
 * A CloudNativePG Cluster as the StatefulSet-like shape the quota sums understand: `instances` pods
 * with the Cluster's resources (the bootstrap init container gets the same), one claim each.
 */
function clusterAsWorkload(c: KubeObject): KubeObject {
  const spec = c.spec as Record<string, Yaml>;
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: c.metadata.name, namespace: c.metadata.namespace },
    spec: {
      replicas: spec.instances ?? 1,
      template: { spec: { containers: [{ name: 'postgres', resources: spec.resources ?? {} }] } },
      volumeClaimTemplates: spec.storage?.size
        ? [
            {
              metadata: { name: 'pgdata' },
              spec: {
                storageClassName: spec.storage.storageClass,
                resources: { requests: { storage: spec.storage.size } },
              },
            },
          ]
        : [],
    },
  };
}

/** Sums the pods (× replicas; DaemonSets × nodes) and claims the platform places in one namespace. */
export function namespaceNeeds(built: readonly BuiltObject[], ns: string, nodeCount: number): NamespaceNeeds {
  const objects = built
    .map((b) => b.object)
    .filter((o) => o.metadata.namespace === ns)
    .map((o) =>
      o.kind === 'Cluster' && o.apiVersion.startsWith('postgresql.cnpg.io/') ? clusterAsWorkload(o) : o,
    );
  const noLimits = containerLimits([]);
  const inNs = byNamespace(objects.map((object) => ({ object }))).get(ns) ?? { workloads: [], claims: [] };
  const usage = namespaceUsage(inNs, noLimits, nodeCount);
  const largestPod: Record<string, number> = {};
  for (const [key, parts] of Object.entries(usage.parts)) {
    // Parts are per workload (× replicas): a rollout of the biggest surges by at most its share.
    largestPod[key] = Math.max(...parts.map((p) => p.amount));
  }
  const maxLimits = { cpu: 0, memory: 0 };
  for (const o of objects) {
    const spec = podTemplate(o)?.spec ?? {};
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      maxLimits.cpu = Math.max(maxLimits.cpu, parseQuantity(c.resources?.limits?.cpu) ?? 0);
      maxLimits.memory = Math.max(maxLimits.memory, parseQuantity(c.resources?.limits?.memory) ?? 0);
    }
  }
  return { totals: usage.totals, largestPod, maxLimits };
}

const QUOTA_KEYS = Object.keys(MIN_HEADROOM);

/** `spec.hard` of the namespace's ResourceQuota: usage plus the larger of 50 %, one more largest pod, a floor. */
export function quotaHard(needs: NamespaceNeeds): Record<string, string> {
  const hard: Record<string, string> = {};
  for (const key of QUOTA_KEYS) {
    const used = needs.totals[key] ?? 0;
    if (key === 'requests.nvidia.com/gpu' && used === 0) continue;
    const extra = Math.max(used * HEADROOM, needs.largestPod[key] ?? 0, MIN_HEADROOM[key]!);
    hard[key] = format(key, used + extra);
  }
  return hard;
}

/** A quantity rounded up to a readable unit: millicores, Mi for memory, Gi for storage, whole counts. */
export function format(key: string, n: number): string {
  if (/cpu$/.test(key)) return `${Math.ceil(n * 1000)}m`;
  if (/memory$/.test(key)) return `${Math.ceil(n / 2 ** 20)}Mi`;
  if (/storage$/.test(key)) return `${Math.ceil(n / 2 ** 30)}Gi`;
  return String(Math.ceil(n));
}
