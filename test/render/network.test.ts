import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/engine.ts';
import { CALLS_ANNOTATION } from '../../src/k8s/annotations.ts';
import {
  allowed,
  calleePods,
  parseCalls,
  selecting,
  sideAllows,
  standInCallers,
  worldOf,
  type NetPod,
  type NetWorld,
} from '../../src/semantics/netpol/index.ts';
import { networkFlows } from '../../src/check/rules/network-flows.ts';
import type { SourcedObject } from '../../src/check/types.ts';
import { loadConfig, parseConfig } from '../../src/config/load.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import type { Plan, PlannedService } from '../../src/plan/types.ts';
import { loadSchemas, validateObject } from '../../src/k8s/validate.ts';
import { metricPorts } from '../../src/render/network-rules.ts';
import { buildManifest } from '../../src/render/tree.ts';
import { registry } from '../../src/services/registry.ts';

let plan: Plan;
let objects: SourcedObject[];
let world: NetWorld;

beforeAll(async () => {
  await loadSchemas();
  plan = makePlan(await loadConfig(join(import.meta.dirname, '../../platform.yaml'), registry), registry);
  objects = buildManifest(plan).manifest.map((e) => ({ object: e.object, file: e.path, service: e.service }));
  world = worldOf(objects);
});

/** A pod that is not in the tree: an upstream chart's (no labels) or the API server's stand-in. */
const stranger = (namespace: string, labels: Record<string, string> = {}): NetPod => ({
  id: `${namespace}/stranger`,
  namespace,
  labels,
  ports: [],
});
const charts = () => plan.services.filter((s) => s.def.chart && s.namespace !== 'kube-system');
/** The pods of a service: its own from the tree, or a stand-in of its chart's. */
const podsOf = (s: PlannedService) => calleePods(world, s.namespace, s.name);

describe('NetworkPolicies render derives from the service data', () => {
  it('are valid NetworkPolicies', () => {
    const policies = objects.filter((o) => o.object.kind === 'NetworkPolicy');
    expect(policies.length).toBeGreaterThan(30);
    for (const p of policies) expect(validateObject(p.object), p.object.metadata.name).toEqual([]);
  });

  it("leave k3s's pods in kube-system alone and isolate only the Sealed Secrets controller there, by its label", () => {
    const sealed = plan.services.find((s) => s.name === 'sealed-secrets')!;
    const { key, value } = sealed.def.network!.podLabel!;
    const inKubeSystem = world.policies.filter((p) => p.namespace === 'kube-system');
    expect(inKubeSystem.length).toBeGreaterThan(0);
    for (const p of inKubeSystem) expect(p.podSelector).toEqual({ matchLabels: { [key]: value } });
    const traefik = stranger('kube-system', { 'app.kubernetes.io/name': 'traefik' });
    const coredns = stranger('kube-system', { 'k8s-app': 'kube-dns' });
    for (const pod of [traefik, coredns]) {
      expect(selecting(world, pod, 'ingress')).toEqual([]);
      expect(selecting(world, pod, 'egress')).toEqual([]);
    }
    const [controller] = podsOf(sealed);
    expect(controller!.labels).toEqual({ [key]: value });
    // kubeseal --fetch-cert through the API server proxy, and the metrics scrape, but nothing else.
    expect(sideAllows(world, stranger('default'), controller!, { port: 8080 }, 'ingress')).toBe(true);
    expect(allowed(world, stranger('monitoring'), controller!, { port: 8081 })).toBe(true);
    expect(sideAllows(world, stranger('default'), controller!, { port: 8081 }, 'ingress')).toBe(false);
    // It still resolves names, with no namespace baseline to allow DNS.
    expect(allowed(world, controller!, coredns, { port: 53, protocol: 'UDP' })).toBe(true);
  });

  it('open each webhook port a chart declares to a caller from any namespace, and not its other ports', () => {
    const hooks = charts().flatMap((s) =>
      (s.def.network?.fromApiServer ?? []).map((w) => ({ s, port: w.port })),
    );
    expect(hooks.map((h) => h.s.name).sort()).toEqual(
      expect.arrayContaining([
        'cert-manager',
        'cnpg-operator',
        'kyverno',
        'longhorn',
        'kube-prometheus-stack',
      ]),
    );
    const apiServer = stranger('kube-system');
    for (const { s, port } of hooks)
      for (const to of podsOf(s)) {
        expect(sideAllows(world, apiServer, to, { port }, 'ingress'), `${s.name}:${port}`).toBe(true);
        // A port nobody declared on that pod stays closed to the same caller.
        expect(sideAllows(world, apiServer, to, { port: 31999 }, 'ingress'), `${s.name}:31999`).toBe(false);
      }
  });

  it("let Prometheus scrape every service's metric ports, through its egress and the target's ingress", () => {
    const prometheus = plan.services.find((s) => s.def.network?.scrapesMetrics)!;
    const from = stranger(prometheus.namespace);
    let checked = 0;
    for (const s of plan.services.filter((x) => x.namespace !== 'kube-system'))
      for (const port of metricPorts(s))
        for (const to of podsOf(s)) {
          checked++;
          expect(allowed(world, from, to, { port }), `${s.name}:${port}`).toBe(true);
        }
    expect(checked).toBeGreaterThan(15);
    // Another namespace's chart pods cannot scrape them.
    const certManager = plan.services.find((s) => s.name === 'cert-manager')!;
    expect(allowed(world, stranger('kyverno'), podsOf(certManager)[0]!, { port: 9402 })).toBe(false);
  });

  it("allow traffic among a chart's pods only where its service declares it", () => {
    for (const s of charts()) {
      const a = stranger(s.namespace);
      const b = stranger(s.namespace);
      const intra = plan.services.some(
        (x) => x.namespace === s.namespace && x.def.chart && x.def.network?.intraNamespace,
      );
      expect(allowed(world, a, b, { port: 31999 }), s.name).toBe(intra);
    }
    expect(charts().some((s) => s.def.network?.intraNamespace)).toBe(true);
  });

  it('give internet egress (private ranges closed) only to services that declare it, with their extra ports', () => {
    const internet = (s: PlannedService, port: number, protocol = 'TCP') =>
      selecting(world, podsOf(s)[0]!, 'egress').some((p) =>
        p.egressRules.some(
          (r) =>
            r.to?.[0]?.ipBlock?.cidr === '0.0.0.0/0' &&
            r.to[0].ipBlock.except.includes('10.0.0.0/8') &&
            r.ports.some(
              (x: { port: number; protocol: string }) => x.port === port && x.protocol === protocol,
            ),
        ),
      );
    // Unlabelled chart pods share their namespace's chart allowances (monitoring holds several charts).
    const shared = (s: PlannedService) => Boolean(s.def.chart) && !s.def.network?.podLabel;
    const declares = (s: PlannedService) =>
      shared(s)
        ? charts().some((x) => x.namespace === s.namespace && shared(x) && x.def.egress?.internet)
        : Boolean(s.def.egress?.internet);
    const hasPods = (s: PlannedService) =>
      Boolean(s.def.chart) || world.pods.some((p) => p.labels['app.kubernetes.io/name'] === s.name);
    const judged = plan.services.filter((x) => x.namespace !== 'kube-system' && hasPods(x));
    expect(judged.length).toBeGreaterThan(20);
    for (const s of judged) expect(internet(s, 443), s.name).toBe(declares(s));
    const ollama = plan.services.find((s) => s.name === 'ollama-cpu')!;
    expect(internet(ollama, 443)).toBe(true);
    const qdrant = plan.services.find((s) => s.name === 'qdrant')!;
    expect(internet(qdrant, 443)).toBe(false);
    const certManager = plan.services.find((s) => s.name === 'cert-manager')!;
    expect(internet(certManager, 53, 'UDP')).toBe(true);
  });

  it("select only a chart's pods with its policies, never the platform's own pods beside them", () => {
    const minio = world.pods.find(
      (p) => p.namespace === 'backup' && p.labels['app.kubernetes.io/name'] === 'minio',
    )!;
    const names = [...selecting(world, minio, 'ingress'), ...selecting(world, minio, 'egress')].map(
      (p) => p.source.object.metadata.name,
    );
    expect(names).toContain('minio-ingress');
    expect(
      names.filter((n) => !['default-deny', 'allow-dns'].includes(n) && !n.startsWith('minio-')),
    ).toEqual([]);
    // Velero's policies exist in the same namespace, for the chart's pods.
    expect(
      world.policies.some(
        (p) => p.namespace === 'backup' && p.source.object.metadata.name === 'velero-egress',
      ),
    ).toBe(true);
  });

  it("sync Argo CD's allows with the default deny, so Argo CD never cuts its own sync", () => {
    const argocd = objects.filter(
      (o) => o.object.kind === 'NetworkPolicy' && o.object.metadata.namespace === 'argocd',
    );
    const baseline = objects.find(
      (o) => o.object.kind === 'NetworkPolicy' && o.object.metadata.name === 'default-deny',
    );
    expect(argocd.length).toBeGreaterThan(2);
    expect(new Set(argocd.map((o) => o.service))).toEqual(new Set([baseline!.service]));
  });

  it("declare a chart's calls on its Application, and network-flows judges them", () => {
    const callers = standInCallers(objects);
    const velero = callers.find((c) => c.namespace === 'backup')!;
    expect(parseCalls(velero.annotations?.[CALLS_ANNOTATION]).calls).toEqual([
      { namespace: 'backup', service: 'minio', port: 9000 },
    ]);
    const without = objects.filter(
      (o) => !(o.object.kind === 'NetworkPolicy' && o.object.metadata.name === 'velero-egress'),
    );
    const fails = runCheck({ objects: without }, [networkFlows]).findings.filter((f) => f.status === 'fail');
    expect(fails.map((f) => [f.target.kind, f.target.name, f.message])).toContainEqual([
      'Application',
      'velero',
      'declared flow to backup/minio:9000 is blocked by the egress policies of backup',
    ]);
  });

  it('give a chart with a declared pod label only its own allowances, and not the others of its namespace', () => {
    const alloy = plan.services.find((s) => s.name === 'alloy')!;
    const { key, value } = alloy.def.network!.podLabel!;
    const [pod] = podsOf(alloy);
    expect(pod!.labels).toEqual({ [key]: value });
    const keycloak = plan.services.find((s) => s.name === 'keycloak')!;
    const loki = plan.services.find((s) => s.name === 'loki')!;
    // Grafana (an unlabelled pod of the stack) logs in at Keycloak; the log collector beside it cannot.
    expect(allowed(world, stranger('monitoring'), podsOf(keycloak)[0]!, { port: 8080 })).toBe(true);
    expect(allowed(world, pod!, podsOf(keycloak)[0]!, { port: 8080 })).toBe(false);
    expect(allowed(world, pod!, podsOf(loki)[0]!, { port: 3100 })).toBe(true);
    expect(allowed(world, pod!, stranger('monitoring'), { port: 9090 })).toBe(false);
  });

  it("declare Prometheus's scrapes as its calls: network-flows proves them open, and nothing more", () => {
    const prometheus = standInCallers(objects).find(
      (c) => c.source!.object.metadata.name === 'kube-prometheus-stack',
    )!;
    const calls = parseCalls(prometheus.annotations?.[CALLS_ANNOTATION]).calls.map(
      (c) => `${c.namespace}/${c.service}:${c.port}`,
    );
    expect(calls).toEqual(
      expect.arrayContaining(['ai/qdrant:6333', 'auth/keycloak:9000', 'auth/keycloak:8080']),
    );
    expect(calls).not.toContain('ai/qdrant:6334');
    const qdrantIngress = (o: SourcedObject) =>
      o.object.kind === 'NetworkPolicy' && o.object.metadata.name === 'qdrant-ingress';
    const failures = (objs: SourcedObject[]) =>
      runCheck({ objects: objs }, [networkFlows])
        .findings.filter((f) => f.status === 'fail' && f.target.name === 'kube-prometheus-stack')
        .map((f) => f.message);
    expect(failures(objects)).toEqual([]);
    // Without qdrant's ingress the scrape is blocked ...
    expect(failures(objects.filter((o) => !qdrantIngress(o)))).toContainEqual(
      expect.stringContaining('declared flow to ai/qdrant:6333 is blocked'),
    );
    // ... and with monitoring let out to and into qdrant on every port, its gRPC port is an undeclared open flow.
    const nsSel = (ns: string) => ({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } },
    });
    const widen = (o: SourcedObject, key: 'ingress' | 'egress', rule: object): SourcedObject => {
      const spec = o.object.spec as Record<string, object[]>;
      return { ...o, object: { ...o.object, spec: { ...spec, [key]: [...(spec[key] ?? []), rule] } } };
    };
    const wide = objects.map((o) =>
      qdrantIngress(o)
        ? widen(o, 'ingress', { from: [nsSel('monitoring')] })
        : o.object.kind === 'NetworkPolicy' && o.object.metadata.name === 'kube-prometheus-stack-egress'
          ? widen(o, 'egress', { to: [nsSel('ai')] })
          : o,
    );
    expect(failures(wide)).toContainEqual(
      expect.stringContaining('undeclared flow to ai/qdrant:6334/TCP is open'),
    );
  });

  it("let a chart's pods reach its own database (GitLab, whose pods carry the chart's labels)", async () => {
    const text = readFileSync(join(import.meta.dirname, '../../platform.yaml'), 'utf8');
    const enabled = text.replace(/gitlab: \{ enabled: false \}/, 'gitlab: { enabled: true }');
    expect(enabled).not.toBe(text);
    const p = makePlan(parseConfig(enabled, 'platform.yaml', registry), registry);
    const gitlab = p.services.find((s) => s.name === 'gitlab')!;
    const w = worldOf(buildManifest(p).manifest.map((e) => ({ object: e.object, service: e.service })));
    const db = stranger('gitlab', { 'cnpg.io/cluster': gitlab.database!.cluster });
    expect(allowed(w, stranger('gitlab'), db, { port: 5432 })).toBe(true);
    expect(allowed(w, stranger('ai'), db, { port: 5432 })).toBe(false);
  });
});
