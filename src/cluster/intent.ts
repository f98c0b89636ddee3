import type { KubeObject } from '../k8s/object.ts';
import type { Plan, PlannedService } from '../plan/types.ts';
import type { Finding } from '../report/types.ts';
import type { Analyzer, FindingDraft } from './analyzer.ts';
import { targetOf } from './analyzer.ts';
import { nodesOf, ownerOf, podsOf } from './k8s.ts';
import type { ClusterState } from './state.ts';
import { SERVICE_ANNOTATION } from '../k8s/annotations.ts';

const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** k3s's own workloads: no plan mentions them and none is a stray. */
const K3S_DEFAULTS = [
  /^coredns$/,
  /^local-path-provisioner$/,
  /^metrics-server$/,
  /^traefik$/,
  /^svclb-/,
  /^helm-install-/,
];

/** Which planned service an object belongs to: shai's annotation, Argo CD's tracking, then the recommended labels. */
export function serviceOf(plan: Plan, state: ClusterState, o: KubeObject): PlannedService | undefined {
  const byName = (n: string | undefined) => (n ? plan.services.find((s) => s.name === n) : undefined);
  if (o.kind === 'Pod') {
    const owner = ownerOf(state, o as never);
    if (owner && owner !== o) return serviceOf(plan, state, owner);
  }
  if (o.kind === 'Application') return byName(o.metadata.name);
  const a = o.metadata.annotations ?? {};
  const l = o.metadata.labels ?? {};
  const tracked = a['argocd.argoproj.io/tracking-id']?.split(':')[0];
  const direct = byName(a[SERVICE_ANNOTATION]) ?? byName(tracked) ?? byName(l['app.kubernetes.io/instance']);
  if (direct) return direct;
  // A bare name label only counts in the service's own namespace: litellm in `default` is not the planned litellm.
  const named = byName(l['app.kubernetes.io/name']);
  return named && named.namespace === o.metadata.namespace ? named : undefined;
}

/** Adds the service and platform.yaml key to each finding whose object belongs to a planned service or node. */
export function annotate(plan: Plan, state: ClusterState, findings: Finding[]): Finding[] {
  const nodes = plan.config.cluster.nodes.map((n) => n.name);
  return findings.map((f) => {
    if (f.service || f.target.kind === 'Analyzer') return f;
    if (f.target.kind === 'Node') {
      const i = nodes.indexOf(f.target.name);
      return i >= 0 ? { ...f, configPath: `cluster.nodes[${i}]` } : f;
    }
    const o = state.get(f.target.kind, f.target.namespace, f.target.name);
    const svc = o && serviceOf(plan, state, o);
    return svc ? { ...f, service: svc.name, configPath: svc.configPath } : f;
  });
}

/** What the intent comparison reports, for docs/doctor.md. */
export const INTENT_DOCS =
  'With platform.yaml: planned services with neither an Argo CD Application nor a workload; workloads no service deploys (k3s defaults and operator-owned workloads excepted; an error when their pods keep crashing, like the orphaned qemu-binfmt DaemonSet); nodes of platform.yaml missing from the cluster; GPU nodes whose allocatable nvidia.com/gpu is missing or differs from GPUs × time-slicing replicas. Every other finding is tied to its service and platform.yaml key.';

/** Intent findings: planned services absent, workloads nobody planned, configured GPU nodes without usable GPUs. */
export function intentAnalyzer(plan: Plan): Analyzer {
  return {
    id: 'intent',
    area: 'intent',
    title: 'What runs against what platform.yaml plans',
    docs: INTENT_DOCS,
    severity: 'error',
    needs: ['Deployment', 'StatefulSet', 'DaemonSet', 'Node', 'Pod'],
    analyze: (state) => [...absent(plan, state), ...unplanned(plan, state), ...gpuNodes(plan, state)],
  };
}

function absent(plan: Plan, state: ClusterState): FindingDraft[] {
  const present = new Set<string>();
  for (const o of [...state.objects('Application'), ...WORKLOADS.flatMap((k) => state.objects(k))]) {
    const s = serviceOf(plan, state, o);
    if (s) present.add(s.name);
  }
  return plan.services
    .filter((s) => !present.has(s.name))
    .map((s) => ({
      target: { kind: 'Service', namespace: s.namespace, name: s.name },
      service: s.name,
      configPath: s.configPath,
      message: `planned service ${s.name} is not in the cluster: no Argo CD Application ${s.name} and no workload labelled app.kubernetes.io/name=${s.name} in ${s.namespace}`,
      fix: 'Run shai render, commit and push deploy/; then check that the root Application in argocd syncs it.',
    }));
}

function unplanned(plan: Plan, state: ClusterState): FindingDraft[] {
  const out: FindingDraft[] = [];
  // One pass over the pods, not one per workload.
  const crashingOwners = new Set(
    podsOf(state)
      .filter((p) => p.status?.containerStatuses?.some((c) => (c.restartCount ?? 0) > 5))
      .map((p) => ownerOf(state, p)),
  );
  for (const w of WORKLOADS.flatMap((k) => state.objects(k))) {
    if (serviceOf(plan, state, w)) continue;
    // Operators create workloads (Prometheus, GPU operands, CNPG): their owner is what the plan deploys.
    if ((w.metadata.ownerReferences as unknown[] | undefined)?.length) continue;
    if (w.metadata.namespace === 'kube-system' && K3S_DEFAULTS.some((r) => r.test(w.metadata.name))) continue;
    const same = plan.services.find(
      (s) => s.name === (w.metadata.labels?.['app.kubernetes.io/name'] ?? w.metadata.name),
    );
    const crashing = crashingOwners.has(w);
    out.push({
      target: targetOf(w),
      severity: crashing ? 'error' : 'warning',
      message: same
        ? strayCopy(same, w.metadata.namespace ?? '')
        : `no service of platform.yaml deploys it${crashing ? ', and its pods keep crashing' : ''}`,
      fix: `If nothing needs it, delete it (kubectl -n ${w.metadata.namespace} delete ${w.kind.toLowerCase()} ${w.metadata.name}) and the Argo CD Application that still deploys it.`,
    });
  }
  return out;
}

/** A workload named like a planned service that the plan did not deploy: in another namespace, or beside it. */
function strayCopy(same: PlannedService, namespace: string): string {
  if (same.namespace !== namespace)
    return `not planned here: the plan runs ${same.name} in ${same.namespace}, this copy runs in ${namespace}`;
  return `a ${same.name} in ${namespace} that the plan did not deploy: it carries none of shai.dev/service, Argo CD's tracking id or the app.kubernetes.io/name label (applied by hand, or left by another tool)`;
}

function gpuNodes(plan: Plan, state: ClusterState): FindingDraft[] {
  const out: FindingDraft[] = [];
  plan.config.cluster.nodes.forEach((n, i) => {
    const node = nodesOf(state).find((x) => x.metadata.name === n.name);
    if (!node) {
      out.push({
        target: { kind: 'Node', name: n.name },
        configPath: `cluster.nodes[${i}]`,
        message: `node ${n.name} of platform.yaml (cluster.nodes[${i}]) is not part of the cluster`,
        fix: `Join it with the k3s agent, or remove it from cluster.nodes.`,
      });
      return;
    }
    const want = n.gpus.reduce(
      (a, g) => a + g.count * (g.sharing.strategy === 'time-slicing' ? g.sharing.replicas : 1),
      0,
    );
    const have = Number(node.status?.allocatable?.['nvidia.com/gpu'] ?? 0);
    if (want > 0 && have === 0) {
      out.push({
        target: targetOf(node),
        message: `platform.yaml gives ${n.name} ${n.gpus.length} GPU model(s) (cluster.nodes[${i}].gpus) but its allocatable has no nvidia.com/gpu: the device plugin is not working`,
        fix: 'See the node-gpu finding: the GPU operator operands on this node must all be Running.',
      });
    } else if (want > 0 && have !== want) {
      out.push({
        target: targetOf(node),
        severity: 'warning',
        message: `advertises ${have} nvidia.com/gpu but platform.yaml plans ${want} (GPUs × time-slicing replicas, cluster.nodes[${i}].gpus)`,
        fix: 'Check the time-slicing ConfigMap the GPU operator uses and the node label nvidia.com/device-plugin.config.',
      });
    }
  });
  return out;
}
