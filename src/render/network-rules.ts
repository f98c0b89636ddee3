import { POD_CIDR } from '../semantics/netpol/allowed.ts';
import { contains } from '../semantics/netpol/cidr.ts';
import { archivesDatabase } from '../plan/backup.ts';
import { API_SERVER_PORTS, endpointReach } from '../plan/endpoints.ts';
import type { Plan, PlannedService } from '../plan/types.ts';
import { POSTGRES_PORT } from '../build/database.ts';
import { selectorLabels } from '../k8s/meta.ts';

/** A NetworkPolicy peer or rule, as plain data. */
export type Peer = Record<string, unknown>;
type Rule = Record<string, unknown>;

const NS_LABEL = 'kubernetes.io/metadata.name';
/** Private ranges stay closed when a service may reach the internet. */
export const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'];
/** k3s's default pod and Service networks (--cluster-cidr, --service-cidr). */
const K3S_RANGES = [POD_CIDR, '10.43.0.0/16'];
/** Traefik's websecure container port in k3s; in-cluster calls to a public host hairpin through it. */
const TRAEFIK_WEBSECURE = 8443;
/** CloudNativePG's instance manager status port on every PostgreSQL pod; the operator polls it. */
const CNPG_STATUS_PORT = 8000;
/** CloudNativePG's PostgreSQL exporter on every instance. */
const CNPG_METRICS_PORT = 9187;
/** The API group whose installer operates the services' PostgreSQL clusters. */
const CNPG_GROUP = 'postgresql.cnpg.io';

export const tcp = (port: number, protocol: 'TCP' | 'UDP' = 'TCP') => ({ protocol, port });
export const nsPeer = (ns: string): Peer => ({ namespaceSelector: { matchLabels: { [NS_LABEL]: ns } } });

/**
 * The pods of upstream charts in a namespace: every pod render does not build itself (not labelled
 * part-of shai) and that is no CloudNativePG instance. A chart's pod labels are the chart's to choose
 * (operators even create pods at run time), so a chart's policies select its namespace's chart pods as
 * one group, less those another chart claims by its declared label (see podSelectorOf); charts sharing a
 * namespace without such a label (Grafana's and Loki's in monitoring) share their allowances.
 */
export const CHART_PODS = {
  matchExpressions: [
    { key: 'app.kubernetes.io/part-of', operator: 'NotIn', values: ['shai'] },
    { key: 'cnpg.io/cluster', operator: 'DoesNotExist' },
  ],
};

/** The selector of a service's pods in its own namespace's policies. */
export function podSelectorOf(plan: Plan, svc: PlannedService): Record<string, unknown> {
  if (!svc.def.chart) return { matchLabels: selectorLabels(svc) };
  const own = svc.def.network?.podLabel;
  if (own) return { matchLabels: { [own.key]: own.value } };
  // The pods other charts of the namespace claim by their label are theirs, not this chart's.
  const claimed = new Map<string, string[]>();
  for (const s of plan.services)
    if (s !== svc && s.def.chart && s.namespace === svc.namespace && s.def.network?.podLabel) {
      const { key, value } = s.def.network.podLabel;
      claimed.set(key, [...(claimed.get(key) ?? []), value].sort());
    }
  const exclude = [...claimed].sort().map(([key, values]) => ({ key, operator: 'NotIn', values }));
  return { matchExpressions: [...CHART_PODS.matchExpressions, ...exclude] };
}

/** Labels of a service's pods that the tree does not hold: k3s's Traefik, a chart's declared label; {} otherwise. */
export function foreignPodLabels(svc: PlannedService): Record<string, string> {
  if (svc.name === 'traefik') return { 'app.kubernetes.io/name': 'traefik' };
  const own = svc.def.chart && svc.def.network?.podLabel;
  return own ? { [own.key]: own.value } : {};
}

/** A peer naming a service's pods from any namespace; Traefik's pods are k3s's, selected by their name label. */
export function peerOf(plan: Plan, service: string, namespace: string): Peer {
  const svc = plan.services.find((s) => s.name === service);
  if (!svc) return nsPeer(namespace);
  const traefik = service === 'traefik' ? foreignPodLabels(svc) : undefined;
  return { ...nsPeer(namespace), podSelector: traefik ? { matchLabels: traefik } : podSelectorOf(plan, svc) };
}

/** The services that scrape every platform metrics port (Prometheus). */
export function scrapers(plan: Plan): PlannedService[] {
  return plan.services.filter((s) => s.def.network?.scrapesMetrics);
}

/** Ports Prometheus scrapes on a service's pods: its `metrics` port and the chart's further metric ports. */
export function metricPorts(svc: PlannedService): number[] {
  const main = svc.def.metrics && svc.def.ports.find((p) => p.name === svc.def.metrics!.port)?.port;
  return [...new Set([...(main ? [main] : []), ...(svc.def.network?.scrapePorts ?? [])])].sort(
    (a, b) => a - b,
  );
}

/** The service operating the platform's PostgreSQL clusters: the installer of the CloudNativePG CRDs. */
export function databaseOperator(plan: Plan): PlannedService | undefined {
  return plan.services.find((s) => s.def.installsCrds?.includes(CNPG_GROUP));
}

/** Ingress rules of a service's pods: declared callers, Prometheus, the API server, its own chart's pods. */
export function ingressRules(plan: Plan, svc: PlannedService): Rule[] {
  const rules: Rule[] = plan.flows
    .filter((f) => f.to.service === svc.name)
    .map((f) => ({ from: [peerOf(plan, f.from.service, f.from.namespace)], ports: [tcp(f.to.port)] }));
  const scrape = metricPorts(svc);
  if (scrape.length)
    for (const p of scrapers(plan))
      rules.push({ from: [peerOf(plan, p.name, p.namespace)], ports: scrape.map((x) => tcp(x)) });
  rules.push(...archiveIngress(plan, svc));
  const net = svc.def.network;
  // The API server runs in k3s's host network: webhook calls come from node addresses platform.yaml does
  // not know, so the webhook port is open to every source; it serves only TLS admission reviews.
  for (const w of net?.fromApiServer ?? []) rules.push({ ports: [tcp(w.port)] });
  if (net?.intraNamespace && svc.def.chart) rules.push({ from: [{ podSelector: podSelectorOf(plan, svc) }] });
  return rules;
}

/** Egress rules: declared callees, its database, the SSO hairpin, internet, configured endpoints, API server, scrapes, extras. */
export function egressRules(plan: Plan, svc: PlannedService): Rule[] {
  const rules: Rule[] = plan.flows
    .filter((f) => f.from.service === svc.name)
    .map((f) => ({ to: [peerOf(plan, f.to.service, f.to.namespace)], ports: [tcp(f.to.port)] }));
  if (svc.database)
    rules.push({
      to: [{ podSelector: { matchLabels: { 'cnpg.io/cluster': svc.database.cluster } } }],
      ports: [tcp(POSTGRES_PORT)],
    });
  if (svc.def.sso && plan.services.some((s) => s.name === 'traefik'))
    rules.push({ to: [peerOf(plan, 'traefik', 'kube-system')], ports: [tcp(TRAEFIK_WEBSECURE)] });
  const net = svc.def.network;
  const namespaces = plan.namespaces;
  const endpoints = (net?.endpoints ?? []).flatMap(
    (e) => endpointReach(plan.config, e.key, namespaces) ?? [],
  );
  // A hostname outside the cluster adds its port to the internet rule; a service without internet
  // egress gets that rule with the endpoints' ports alone.
  const internet = [
    ...(svc.def.egress?.internet
      ? [tcp(443), tcp(80), ...(net?.internetPorts ?? []).map((p) => tcp(p.port, p.protocol))]
      : []),
    ...endpoints.filter((e) => e.internet).map((e) => tcp(e.port)),
  ].filter((p, i, all) => all.findIndex((q) => q.port === p.port && q.protocol === p.protocol) === i);
  if (internet.length)
    rules.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: PRIVATE } }], ports: internet });
  // IP literals and the LAN ranges platform.yaml gives: open on the endpoint's port, private or not.
  for (const e of endpoints)
    for (const cidr of e.cidrs) {
      // A LAN range wide enough to hold k3s's pod and Service networks must not open them.
      const except = K3S_RANGES.filter((r) => contains(cidr, r));
      rules.push({ to: [{ ipBlock: { cidr, ...(except.length ? { except } : {}) } }], ports: [tcp(e.port)] });
    }
  if (svc.def.egress?.apiServer) rules.push({ ports: API_SERVER_PORTS.map((p) => tcp(p)) });
  if (net?.intraNamespace && svc.def.chart) rules.push({ to: [{ podSelector: podSelectorOf(plan, svc) }] });
  for (const e of net?.extraEgress ?? [])
    rules.push({ ...(e.namespace ? { to: [nsPeer(e.namespace)] } : {}), ports: [tcp(e.port, e.protocol)] });
  if (net?.scrapesMetrics) rules.push(...scrapeRules(plan));
  if (databaseOperator(plan)?.name === svc.name)
    for (const s of plan.services.filter((x) => x.database))
      rules.push({
        to: [
          {
            ...nsPeer(s.namespace),
            podSelector: { matchLabels: { 'cnpg.io/cluster': s.database!.cluster } },
          },
        ],
        ports: [tcp(CNPG_STATUS_PORT), tcp(POSTGRES_PORT)],
      });
  return rules;
}

/** Prometheus's way out: every service's metric ports on its pods, and every database's exporter. */
function scrapeRules(plan: Plan): Rule[] {
  const byPeer = new Map<string, { peer: Peer; ports: Set<number> }>();
  const add = (peer: Peer, ports: number[]) => {
    const key = JSON.stringify(peer);
    const entry = byPeer.get(key) ?? { peer, ports: new Set<number>() };
    for (const p of ports) entry.ports.add(p);
    if (entry.ports.size) byPeer.set(key, entry);
  };
  for (const s of plan.services) {
    add(peerOf(plan, s.name, s.namespace), metricPorts(s));
    if (s.database)
      add(
        { ...nsPeer(s.namespace), podSelector: { matchLabels: { 'cnpg.io/cluster': s.database.cluster } } },
        [CNPG_METRICS_PORT],
      );
  }
  return [...byPeer.values()].map(({ peer, ports }) => ({
    to: [peer],
    ports: [...ports].sort((a, b) => a - b).map((p) => tcp(p)),
  }));
}

/** Ingress and egress of a service's PostgreSQL: its app, the operator and Prometheus in; the API server out. */
export function databaseRules(plan: Plan, svc: PlannedService): { ingress: Rule[]; egress: Rule[] } {
  const operator = databaseOperator(plan);
  return {
    ingress: [
      // Its app: its own pods, or its chart's (GitLab's pods carry the chart's labels, not shai's).
      { from: [{ podSelector: podSelectorOf(plan, svc) }], ports: [tcp(POSTGRES_PORT)] },
      ...(operator
        ? [
            {
              from: [peerOf(plan, operator.name, operator.namespace)],
              ports: [tcp(CNPG_STATUS_PORT), tcp(POSTGRES_PORT)],
            },
          ]
        : []),
      ...scrapers(plan).map((p) => ({
        from: [peerOf(plan, p.name, p.namespace)],
        ports: [tcp(CNPG_METRICS_PORT)],
      })),
    ],
    egress: [
      { ports: API_SERVER_PORTS.map((p) => tcp(p)) },
      ...(archivesDatabase(plan.config, plan.services, svc) ? archiveEgress(plan) : []),
    ],
  };
}

/** The peer of a database's instance pods, from any namespace. */
const databasePeer = (s: PlannedService): Peer => ({
  ...nsPeer(s.namespace),
  podSelector: { matchLabels: { 'cnpg.io/cluster': s.database!.cluster } },
});

/**
 * How a database's pods reach the backup target (the plugin's sidecar archives WAL from there): the in-cluster
 * Service's pods, or the addresses the target's endpoint resolves to, like Velero's.
 */
function archiveEgress(plan: Plan): Rule[] {
  const reach = endpointReach(plan.config, 'backup.target.endpoint', plan.namespaces);
  if (!reach) return [];
  if (reach.inCluster)
    return [
      { to: [peerOf(plan, reach.inCluster.service, reach.inCluster.namespace)], ports: [tcp(reach.port)] },
    ];
  return [
    ...(reach.internet
      ? [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: PRIVATE } }], ports: [tcp(reach.port)] }]
      : []),
    ...reach.cidrs.map((cidr) => ({ to: [{ ipBlock: { cidr } }], ports: [tcp(reach.port)] })),
  ];
}

/** The in-cluster backup target lets in every archiving database's pods on its port. */
function archiveIngress(plan: Plan, svc: PlannedService): Rule[] {
  const reach = endpointReach(plan.config, 'backup.target.endpoint', plan.namespaces);
  if (reach?.inCluster?.service !== svc.name || reach.inCluster.namespace !== svc.namespace) return [];
  const writers = plan.services.filter((s) => archivesDatabase(plan.config, plan.services, s));
  return writers.length ? [{ from: writers.map(databasePeer), ports: [tcp(reach.port)] }] : [];
}
