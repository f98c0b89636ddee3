import type { ManifestEntry } from '../k8s/object.ts';
import type { Plan, PlannedService } from '../plan/types.ts';
import { CALLS_ANNOTATION, POD_LABELS_ANNOTATION } from '../k8s/annotations.ts';
import { formatCalls, formatLabels } from '../semantics/netpol/declared.ts';
import { OPEN_NAMESPACES } from '../semantics/netpol/platform.ts';
import { ARGOCD_NAMESPACE } from '../build/argocd.ts';
import { objectMeta } from '../k8s/meta.ts';
import {
  databaseRules,
  egressRules,
  foreignPodLabels,
  ingressRules,
  metricPorts,
  nsPeer,
  podSelectorOf,
  tcp,
} from './network-rules.ts';

type Entry = Omit<ManifestEntry, 'path'>;

/** Namespaces that get default deny for ingress and egress: every namespace of the plan but the open ones. */
export function defaultDenyNamespaces(plan: Plan): string[] {
  return plan.namespaces.filter((ns) => !(ns in OPEN_NAMESPACES));
}

function policy(
  svc: PlannedService,
  name: string,
  podSelector: Record<string, unknown>,
  spec: Record<string, unknown>,
  owner: PlannedService = svc,
): Entry {
  return {
    service: owner.name,
    object: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: objectMeta(owner, name, { namespace: svc.namespace }),
      spec: { podSelector, ...spec },
    },
  };
}

/** CoreDNS (k3s's, in kube-system) on port 53. */
const DNS_RULE = {
  to: [{ ...nsPeer('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [tcp(53, 'UDP'), tcp(53)],
};

/** A service's ingress and egress policies, and its database's; `dns` where no namespace baseline allows it. */
function servicePolicies(plan: Plan, svc: PlannedService, owner: PlannedService, dns = false): Entry[] {
  const selector = podSelectorOf(plan, svc);
  const ingress = ingressRules(plan, svc);
  const egress = [...egressRules(plan, svc), ...(dns ? [DNS_RULE] : [])];
  const out: Entry[] = [];
  if (ingress.length)
    out.push(policy(svc, `${svc.name}-ingress`, selector, { policyTypes: ['Ingress'], ingress }, owner));
  if (egress.length)
    out.push(policy(svc, `${svc.name}-egress`, selector, { policyTypes: ['Egress'], egress }, owner));
  if (svc.database) {
    const db = databaseRules(plan, svc);
    out.push(
      policy(
        svc,
        svc.database.cluster,
        { matchLabels: { 'cnpg.io/cluster': svc.database.cluster } },
        { policyTypes: ['Ingress', 'Egress'], ...db },
        owner,
      ),
    );
  }
  return out;
}

/** Default deny in and out, and DNS, for one namespace; owned by the namespaces service so it syncs first. */
function namespaceBaseline(owner: PlannedService, ns: string): Entry[] {
  const meta = (name: string) => objectMeta(owner, name, { namespace: ns });
  return [
    {
      service: owner.name,
      object: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: meta('default-deny'),
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      },
    },
    {
      service: owner.name,
      object: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: meta('allow-dns'),
        spec: {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [DNS_RULE],
        },
      },
    },
  ];
}

/**
 * NetworkPolicies derived from the plan: default deny and DNS in every namespace but the open ones, and
 * per service one allow per declared flow on both ends (the caller's egress, the callee's ingress), plus
 * what its data declares (metrics, webhooks, API server, internet, its chart's own pod-to-pod traffic),
 * so a flow nobody declared stays closed; in an open namespace, the pods of a chart that declares their
 * label get their own policies all the same (Sealed Secrets in kube-system). The baseline syncs first, with the namespaces service; so do the
 * allows of Argo CD's namespace, because Argo CD already runs then and would otherwise cut its own sync.
 */
export function networkPolicies(plan: Plan): Entry[] {
  const denied = new Set(defaultDenyNamespaces(plan));
  const first = plan.services.find((s) => s.name === 'namespaces');
  const out: Entry[] = [];
  for (const ns of [...denied].sort())
    out.push(...namespaceBaseline(first ?? plan.services.find((s) => s.namespace === ns)!, ns));
  for (const svc of plan.services) {
    // In an open namespace only a chart whose pods are known by their label is isolated, pod by pod.
    if (!denied.has(svc.namespace)) {
      if (svc.def.chart && svc.def.network?.podLabel) out.push(...servicePolicies(plan, svc, svc, true));
      continue;
    }
    const owner = svc.namespace === ARGOCD_NAMESPACE && first ? first : svc;
    out.push(...servicePolicies(plan, svc, owner));
  }
  return out;
}

/** Where each workload kind keeps its pod template's metadata. */
const TEMPLATE_PATH: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The calls of a service as the annotation writes them (its flows, and its scrapes); empty when it calls nothing. */
function callsOf(plan: Plan, service: string): string {
  const flows = plan.flows
    .filter((f) => f.from.service === service)
    .map((f) => ({ namespace: f.to.namespace, service: f.to.service, port: f.to.port }));
  // Prometheus's scrapes are calls too, so the check proves them open and nothing else from it.
  const scraper = plan.services.find((s) => s.name === service)?.def.network?.scrapesMetrics;
  const scrapes = scraper
    ? plan.services
        .filter((s) => s.name !== service)
        .flatMap((s) => metricPorts(s).map((port) => ({ namespace: s.namespace, service: s.name, port })))
    : [];
  return formatCalls([...flows, ...scrapes]);
}

/**
 * Writes the plan's flows as `shai.dev/calls`, so the network-flows check reads the declared flows from
 * the objects alone: on the pod templates of each caller's workloads (those a service builds by hand,
 * Jobs and CronJobs, as well as those of workload()), and on the Application of a service whose pods are
 * not in the tree (an upstream chart's, k3s's Traefik), with the labels its stand-in pod carries.
 */
export function stampDeclaredCalls(plan: Plan, manifest: Pick<ManifestEntry, 'service' | 'object'>[]): void {
  const withPods = new Set<string>();
  for (const e of manifest) {
    const path = TEMPLATE_PATH[e.object.kind];
    if (!path) continue;
    withPods.add(e.service);
    const calls = callsOf(plan, e.service);
    let t: Record<string, unknown> | undefined = e.object;
    for (const k of path) t = t?.[k] as Record<string, unknown> | undefined;
    if (!t || !calls) continue;
    const metadata = (t.metadata ?? {}) as { annotations?: Record<string, string> };
    t.metadata = { ...metadata, annotations: { ...metadata.annotations, [CALLS_ANNOTATION]: calls } };
  }
  for (const e of manifest) {
    const m = e.object.metadata;
    const svc = plan.services.find((s) => s.name === e.service);
    const calls = callsOf(plan, e.service);
    if (e.object.kind !== 'Application' || m.name !== e.service || !svc || withPods.has(e.service)) continue;
    const labels = formatLabels(foreignPodLabels(svc));
    m.annotations = {
      ...m.annotations,
      ...(calls ? { [CALLS_ANNOTATION]: calls } : {}),
      ...(labels ? { [POD_LABELS_ANNOTATION]: labels } : {}),
    };
  }
}
