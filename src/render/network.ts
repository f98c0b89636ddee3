import type { KubeObject, ManifestEntry } from '../k8s/object.ts';
import type { Flow, Plan, PlannedService } from '../plan/types.ts';
import { CALLS_ANNOTATION, formatCalls } from '../check/netpol/declared.ts';
import { POSTGRES_PORT } from './database.ts';
import { objectMeta, selectorLabels } from './meta.ts';

type Peer = Record<string, unknown>;
type Entry = Omit<ManifestEntry, 'path'>;

const NS_LABEL = 'kubernetes.io/metadata.name';
/** Private ranges stay closed when a service may reach the internet. */
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'];
/** The API server: the kubernetes Service (443) and the k3s server port (6443), at addresses only the cluster knows. */
const API_PORTS = [443, 6443];
/** Traefik's websecure container port in k3s; in-cluster calls to a public host hairpin through it. */
const TRAEFIK_WEBSECURE = 8443;

const tcp = (port: number) => ({ protocol: 'TCP', port });
const nsPeer = (ns: string): Peer => ({ namespaceSelector: { matchLabels: { [NS_LABEL]: ns } } });

/** Own-manifest services carry our labels; chart pods do not, so they are matched by namespace only. */
function peerOf(plan: Plan, service: string, namespace: string): Peer {
  const svc = plan.services.find((s) => s.name === service);
  if (service === 'traefik')
    return { ...nsPeer(namespace), podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } } };
  if (!svc || svc.def.chart) return nsPeer(namespace);
  return { ...nsPeer(namespace), podSelector: { matchLabels: selectorLabels(svc) } };
}

/** Namespaces whose every workload shai renders itself: there the policies can be exact, so they are default-deny. */
export function guardedNamespaces(plan: Plan): string[] {
  return plan.namespaces.filter(
    (ns) =>
      ns !== 'kube-system' && plan.services.filter((s) => s.namespace === ns).every((s) => !s.def.chart),
  );
}

function policy(
  svc: PlannedService,
  name: string,
  podSelector: Record<string, string>,
  spec: Record<string, unknown>,
): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: objectMeta(svc, name),
    spec: { podSelector: { matchLabels: podSelector }, ...spec },
  };
}

function egressRules(plan: Plan, svc: PlannedService, flows: Flow[]): Record<string, unknown>[] {
  const rules: Record<string, unknown>[] = flows.map((f) => ({
    to: [peerOf(plan, f.to.service, f.to.namespace)],
    ports: [tcp(f.to.port)],
  }));
  if (svc.database)
    rules.push({
      to: [{ podSelector: { matchLabels: { 'cnpg.io/cluster': svc.database.cluster } } }],
      ports: [tcp(POSTGRES_PORT)],
    });
  if (svc.def.sso && plan.services.some((s) => s.name === 'traefik'))
    rules.push({ to: [peerOf(plan, 'traefik', 'kube-system')], ports: [tcp(TRAEFIK_WEBSECURE)] });
  if (svc.def.egress?.internet)
    rules.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: PRIVATE } }], ports: [tcp(443), tcp(80)] });
  if (svc.def.egress?.apiServer) rules.push({ ports: API_PORTS.map(tcp) });
  return rules;
}

function servicePolicies(plan: Plan, svc: PlannedService): Entry[] {
  const inbound = plan.flows.filter((f) => f.to.service === svc.name);
  const outbound = plan.flows.filter((f) => f.from.service === svc.name);
  const selector = selectorLabels(svc);
  const ingress = inbound.map((f) => ({
    from: [peerOf(plan, f.from.service, f.from.namespace)],
    ports: [tcp(f.to.port)],
  }));
  const metrics = svc.def.metrics && svc.def.ports.find((p) => p.name === svc.def.metrics!.port);
  const prometheus = plan.services.find((s) => s.name === 'kube-prometheus-stack');
  if (metrics && prometheus)
    ingress.push({ from: [nsPeer(prometheus.namespace)], ports: [tcp(metrics.port)] });
  const out: Entry[] = [];
  if (ingress.length)
    out.push({
      service: svc.name,
      object: policy(svc, `${svc.name}-ingress`, selector, { policyTypes: ['Ingress'], ingress }),
    });
  const egress = egressRules(plan, svc, outbound);
  if (egress.length)
    out.push({
      service: svc.name,
      object: policy(svc, `${svc.name}-egress`, selector, { policyTypes: ['Egress'], egress }),
    });
  if (svc.database) out.push({ service: svc.name, object: databasePolicy(plan, svc) });
  return out;
}

/** The service's PostgreSQL: its app, the CloudNativePG operator and Prometheus in; the API server out. */
function databasePolicy(plan: Plan, svc: PlannedService): KubeObject {
  const operator = plan.services.find((s) => s.name === 'cnpg-operator');
  const prometheus = plan.services.find((s) => s.name === 'kube-prometheus-stack');
  return policy(
    svc,
    `${svc.database!.cluster}`,
    { 'cnpg.io/cluster': svc.database!.cluster },
    {
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { from: [{ podSelector: { matchLabels: selectorLabels(svc) } }], ports: [tcp(POSTGRES_PORT)] },
        ...(operator ? [{ from: [nsPeer(operator.namespace)], ports: [tcp(8000), tcp(POSTGRES_PORT)] }] : []),
        ...(prometheus ? [{ from: [nsPeer(prometheus.namespace)], ports: [tcp(9187)] }] : []),
      ],
      egress: [{ ports: API_PORTS.map(tcp) }],
    },
  );
}

/** Default deny in and out, and DNS, for one guarded namespace; owned by the namespaces service so it syncs first. */
function namespaceBaseline(plan: Plan, ns: string): Entry[] {
  const owner =
    plan.services.find((s) => s.name === 'namespaces') ?? plan.services.find((s) => s.namespace === ns)!;
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
          egress: [
            {
              to: [{ ...nsPeer('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
              ports: [{ protocol: 'UDP', port: 53 }, tcp(53)],
            },
          ],
        },
      },
    },
  ];
}

/**
 * NetworkPolicies derived from the plan: default deny in every guarded namespace, DNS, and one allow per
 * declared flow on both ends (the caller's egress, the callee's ingress), so a flow nobody declared stays closed.
 */
export function networkPolicies(plan: Plan): Entry[] {
  const guarded = new Set(guardedNamespaces(plan));
  const out: Entry[] = [];
  for (const ns of [...guarded].sort()) out.push(...namespaceBaseline(plan, ns));
  for (const svc of plan.services) if (guarded.has(svc.namespace)) out.push(...servicePolicies(plan, svc));
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

/**
 * Writes the plan's flows on the pod templates of each caller's workloads (`shai.dev/calls`), so the
 * network-flows check reads the declared flows from the objects alone. Done after every build, so
 * workloads a service builds by hand (Jobs, CronJobs) carry them as well as those of workload().
 */
export function stampDeclaredCalls(plan: Plan, manifest: Pick<ManifestEntry, 'service' | 'object'>[]): void {
  for (const e of manifest) {
    const path = TEMPLATE_PATH[e.object.kind];
    const calls = formatCalls(
      plan.flows
        .filter((f) => f.from.service === e.service)
        .map((f) => ({ namespace: f.to.namespace, service: f.to.service, port: f.to.port })),
    );
    if (!path || !calls) continue;
    let t: Record<string, unknown> | undefined = e.object;
    for (const k of path) t = t?.[k] as Record<string, unknown> | undefined;
    if (!t) continue;
    const metadata = (t.metadata ?? {}) as { annotations?: Record<string, string> };
    t.metadata = { ...metadata, annotations: { ...metadata.annotations, [CALLS_ANNOTATION]: calls } };
  }
}
