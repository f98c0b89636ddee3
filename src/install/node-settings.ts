import type { NodeConfig } from '../config/schema.ts';
import type { KubeObject } from '../k8s/object.ts';
import { nodeLabels } from '../plan/placement.ts';

/**
 * Labels others set: the kubelet (arch, hostname, os) and GPU feature discovery (gpu.present). shai leaves
 * them alone; the planner only assumes them.
 */
const SET_BY_OTHERS = new Set([
  'kubernetes.io/arch',
  'kubernetes.io/hostname',
  'kubernetes.io/os',
  'nvidia.com/gpu.present',
]);

interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** What platform.yaml wants changed on one node. Taints the node has and platform.yaml lacks are kept. */
export interface NodeChange {
  node: string;
  labels: { key: string; from?: string; to: string }[];
  taints: { taint: Taint; from?: Taint }[];
  /** The JSON merge patch that makes the change (with the resourceVersion it was computed from). */
  patch: Record<string, unknown>;
}

/** The labels platform.yaml sets on a node (roles and cluster.nodes[].labels). */
export function wantedLabels(n: NodeConfig): Record<string, string> {
  return Object.fromEntries(Object.entries(nodeLabels(n)).filter(([k]) => !SET_BY_OTHERS.has(k)));
}

/** `key=value:Effect`, as kubectl prints a taint. */
export function taintText(t: Taint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

/** The change one node needs, or undefined when it already carries every label and taint. */
export function nodeChange(n: NodeConfig, live: KubeObject): NodeChange | undefined {
  const have = live.metadata.labels ?? {};
  const labels = Object.entries(wantedLabels(n))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .filter(([k, v]) => have[k] !== v)
    .map(([key, to]) => ({ key, to, ...(have[key] !== undefined ? { from: have[key] } : {}) }));
  const liveTaints = ((live.spec as { taints?: Taint[] } | undefined)?.taints ?? []).map((t) => ({ ...t }));
  const taints: NodeChange['taints'] = [];
  const next = [...liveTaints];
  for (const t of n.taints) {
    const want: Taint = {
      key: t.key,
      ...(t.value !== undefined ? { value: t.value } : {}),
      effect: t.effect,
    };
    const i = next.findIndex((x) => x.key === want.key && x.effect === want.effect);
    if (i < 0) {
      taints.push({ taint: want });
      next.push(want);
    } else if ((next[i]!.value ?? '') !== (want.value ?? '')) {
      taints.push({ taint: want, from: next[i]! });
      next[i] = want;
    }
  }
  if (!labels.length && !taints.length) return undefined;
  const patch: Record<string, unknown> = {
    metadata: {
      resourceVersion: live.metadata.resourceVersion,
      ...(labels.length ? { labels: Object.fromEntries(labels.map((l) => [l.key, l.to])) } : {}),
    },
    ...(taints.length ? { spec: { taints: next } } : {}),
  };
  return { node: n.name, labels, taints, patch };
}

/** The change as lines for the user to approve. */
export function describeChange(c: NodeChange): string[] {
  return [
    `node ${c.node}:`,
    ...c.labels.map((l) =>
      l.from === undefined ? `  + label ${l.key}=${l.to}` : `  ~ label ${l.key}: ${l.from} → ${l.to}`,
    ),
    ...c.taints.map((t) =>
      t.from ? `  ~ taint ${taintText(t.from)} → ${taintText(t.taint)}` : `  + taint ${taintText(t.taint)}`,
    ),
  ];
}
