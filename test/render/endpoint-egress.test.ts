import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCheck } from '../../src/check/engine.ts';
import {
  blockCovers,
  blockedBy,
  calleePods,
  selecting,
  worldOf,
  type NetPod,
  type NetWorld,
} from '../../src/semantics/netpol/index.ts';
import { networkFlows } from '../../src/check/rules/network-flows.ts';
import type { SourcedObject } from '../../src/check/types.ts';
import { parseConfig } from '../../src/config/load.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { loadSchemas, validateObject } from '../../src/k8s/validate.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import type { Plan } from '../../src/plan/types.ts';
import { networkModel } from '../../src/render/network-matrix.ts';
import { buildManifest } from '../../src/render/tree.ts';
import { registry } from '../../src/services/registry.ts';

const DEFAULT = readFileSync(join(import.meta.dirname, '../../platform.yaml'), 'utf8');

/** The default platform with some keys replaced (`a.b.c` paths), rendered. */
function rendered(edits: Record<string, unknown>): { plan: Plan; objects: SourcedObject[]; world: NetWorld } {
  const doc = parse(DEFAULT) as Record<string, unknown>;
  for (const [path, value] of Object.entries(edits)) {
    const keys = path.split('.');
    let at = doc;
    for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
    at[keys.at(-1)!] = value;
  }
  const plan = makePlan(parseConfig(stringify(doc), 'platform.yaml', registry), registry);
  const objects = buildManifest(plan).manifest.map((e) => ({
    object: e.object,
    file: e.path,
    service: e.service,
  }));
  return { plan, objects, world: worldOf(objects) };
}

type Rule = {
  to?: { ipBlock?: { cidr: string; except?: string[] } }[];
  ports?: { port: number; protocol: string }[];
};

/** The egress rules of a service's `<service>-egress` NetworkPolicy, as rendered. */
function egressOf(objects: SourcedObject[], namespace: string, service: string): Rule[] {
  const p = objects.find(
    (o) =>
      o.object.kind === 'NetworkPolicy' &&
      o.object.metadata.namespace === namespace &&
      o.object.metadata.name === `${service}-egress`,
  );
  expect(p, `${namespace}/${service}-egress`).toBeDefined();
  return (p!.object.spec as { egress: Rule[] }).egress;
}

const ipRules = (rules: Rule[]) => rules.filter((r) => r.to?.some((t) => t.ipBlock));
const ports = (r: Rule | undefined) => r?.ports?.map((p) => p.port);
const internetRule = (rules: Rule[]) => rules.find((r) => r.to?.some((t) => t.ipBlock?.cidr === '0.0.0.0/0'));

/**
 * With the check's own model: do the egress policies selecting the service's pods (its chart's stand-in)
 * admit `address` (one host, a /32) on `port`? Peers by ipBlock with except, ports by number.
 */
function egressAdmits(world: NetWorld, pod: NetPod, address: string, port: number): boolean {
  return selecting(world, pod, 'egress').some((p) =>
    p.egressRules.some((r) => {
      const rule = r as Rule;
      const to = rule.to ?? [];
      const peerOk = to.length === 0 || to.some((t) => t.ipBlock && blockCovers(t.ipBlock, address));
      const portOk = !rule.ports?.length || rule.ports.some((x) => x.port === port && x.protocol === 'TCP');
      return peerOk && portOk;
    }),
  );
}

const warningsAt = (plan: Plan, key: string) => plan.warnings.filter((w) => w.configPath === key);
const validAll = (objects: SourcedObject[]) =>
  objects
    .filter((o) => o.object.kind === 'NetworkPolicy')
    .flatMap((o) => validateObject(o.object as KubeObject).map((e) => `${o.object.metadata.name}: ${e}`));

beforeAll(async () => {
  await loadSchemas();
});

describe('backup target', () => {
  it('in the cluster (the default MinIO): the declared flow, which the checker finds open, and no internet', () => {
    const { objects, world, plan } = rendered({});
    const rules = egressOf(objects, 'backup', 'velero');
    expect(internetRule(rules)).toBeUndefined();
    const [velero] = calleePods(world, 'backup', 'velero');
    for (const minio of calleePods(world, 'backup', 'minio'))
      expect(blockedBy(world, velero!, minio, { port: 9000 })).toBeUndefined();
    // The only warning: the copies die with the cluster.
    expect(warningsAt(plan, 'backup.target.endpoint').map((w) => w.message)).toEqual([
      expect.stringContaining('is inside the cluster'),
    ]);
  });

  it('the database pods archive their WAL to the in-cluster MinIO: egress and ingress open on its port only', () => {
    const { world } = rendered({});
    // The instance pod CloudNativePG creates, with the label its policies select.
    const db = {
      id: 'auth/keycloak-db-1',
      namespace: 'auth',
      labels: { 'cnpg.io/cluster': 'keycloak-db' },
      ports: [],
    };
    for (const minio of calleePods(world, 'backup', 'minio')) {
      expect(blockedBy(world, db, minio, { port: 9000 })).toBeUndefined();
      expect(blockedBy(world, db, minio, { port: 9001 })).toBeDefined();
    }
  });

  it('an IP literal on the LAN (a NAS): an ipBlock /32 on its port, open although private ranges are not', () => {
    const { objects, world, plan } = rendered({ 'backup.target.endpoint': 'http://192.168.1.20:9000' });
    const rules = egressOf(objects, 'backup', 'velero');
    expect(ipRules(rules)).toEqual([
      { to: [{ ipBlock: { cidr: '192.168.1.20/32' } }], ports: [{ protocol: 'TCP', port: 9000 }] },
    ]);
    const [velero] = calleePods(world, 'backup', 'velero');
    expect(egressAdmits(world, velero!, '192.168.1.20/32', 9000)).toBe(true);
    expect(egressAdmits(world, velero!, '192.168.1.21/32', 9000)).toBe(false);
    expect(egressAdmits(world, velero!, '192.168.1.20/32', 9001)).toBe(false);
    expect(validAll(objects)).toEqual([]);
    expect(warningsAt(plan, 'backup.target.endpoint')).toEqual([]);
    const row = networkModel(plan).find((l) => l.startsWith('| velero |'));
    expect(row).toContain('backup.target.endpoint → 192.168.1.20/32 on 9000');
  });

  it('an IPv6 literal: a /128 on the scheme port', () => {
    const { objects } = rendered({ 'backup.target.endpoint': 'https://[fd00::20]' });
    expect(ipRules(egressOf(objects, 'backup', 'velero'))).toEqual([
      { to: [{ ipBlock: { cidr: 'fd00::20/128' } }], ports: [{ protocol: 'TCP', port: 443 }] },
    ]);
    expect(validAll(objects)).toEqual([]);
  });

  it('a LAN hostname: internet on its port only, which misses LAN addresses, and a warning naming the fix', () => {
    const { objects, world, plan } = rendered({ 'backup.target.endpoint': 'http://nas.home.arpa:9000' });
    const rules = egressOf(objects, 'backup', 'velero');
    expect(ipRules(rules)).toHaveLength(1);
    expect(ports(internetRule(rules))).toEqual([9000]);
    const [velero] = calleePods(world, 'backup', 'velero');
    expect(egressAdmits(world, velero!, '203.0.113.9/32', 9000)).toBe(true);
    expect(egressAdmits(world, velero!, '192.168.1.20/32', 9000)).toBe(false);
    const [warning] = warningsAt(plan, 'backup.target.endpoint');
    expect(warning?.message).toContain('nas.home.arpa');
    expect(warning?.message).toContain('backup.target.cidr');
  });

  it('a LAN hostname with backup.target.cidr: that range on its port, and no warning', () => {
    const { objects, world, plan } = rendered({
      'backup.target': {
        ...(parse(DEFAULT) as { backup: { target: object } }).backup.target,
        endpoint: 'http://nas.home.arpa:9000',
        cidr: '192.168.1.0/24',
      },
    });
    const [velero] = calleePods(world, 'backup', 'velero');
    expect(egressAdmits(world, velero!, '192.168.1.20/32', 9000)).toBe(true);
    expect(ipRules(egressOf(objects, 'backup', 'velero'))).toContainEqual({
      to: [{ ipBlock: { cidr: '192.168.1.0/24' } }],
      ports: [{ protocol: 'TCP', port: 9000 }],
    });
    expect(warningsAt(plan, 'backup.target.endpoint')).toEqual([]);
  });

  it("a LAN range holding k3s's pod network excepts the pod and Service networks, so no undeclared flow opens", () => {
    const { objects, world } = rendered({
      'backup.target': {
        ...(parse(DEFAULT) as { backup: { target: object } }).backup.target,
        endpoint: 'http://nas.lan:9000',
        cidr: '10.0.0.0/8',
      },
    });
    expect(ipRules(egressOf(objects, 'backup', 'velero'))).toContainEqual({
      to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.42.0.0/16', '10.43.0.0/16'] } }],
      ports: [{ protocol: 'TCP', port: 9000 }],
    });
    const [velero] = calleePods(world, 'backup', 'velero');
    expect(egressAdmits(world, velero!, '10.1.2.3/32', 9000)).toBe(true);
    const report = runCheck({ objects }, [networkFlows]);
    expect(report.findings.filter((f) => f.status === 'fail').map((f) => f.message)).toEqual([]);
    expect(validAll(objects)).toEqual([]);
  });

  it('a public hostname on 443: internet only, no warning', () => {
    const { objects, plan } = rendered({ 'backup.target.endpoint': 'https://s3.eu-central-1.amazonaws.com' });
    const rules = egressOf(objects, 'backup', 'velero');
    expect(ipRules(rules)).toHaveLength(1);
    expect(ports(internetRule(rules))).toEqual([443]);
    expect(warningsAt(plan, 'backup.target.endpoint')).toEqual([]);
  });

  it('a cluster Service that Velero has no flow to: a warning', () => {
    const { plan } = rendered({ 'backup.target.endpoint': 'http://garage.storage.svc.cluster.local:3900' });
    expect(warningsAt(plan, 'backup.target.endpoint')[0]?.message).toContain('no declared flow');
  });
});

describe('Argo CD Git remote', () => {
  it('an scp-like ssh remote opens 22 to the internet beside the HTTPS of chart repositories', () => {
    const { objects, world } = rendered({ 'gitops.repoURL': 'git@github.com:example/homelab.git' });
    expect(ports(internetRule(egressOf(objects, 'argocd', 'argocd')))).toEqual([443, 80, 22]);
    const [argocd] = calleePods(world, 'argocd', 'argocd');
    expect(egressAdmits(world, argocd!, '140.82.121.3/32', 22)).toBe(true);
  });

  it("an ssh:// remote on a LAN IP: an ipBlock /32 on the URL's port", () => {
    const { objects, world } = rendered({ 'gitops.repoURL': 'ssh://git@192.168.1.5:2222/lab/platform.git' });
    expect(ipRules(egressOf(objects, 'argocd', 'argocd'))).toContainEqual({
      to: [{ ipBlock: { cidr: '192.168.1.5/32' } }],
      ports: [{ protocol: 'TCP', port: 2222 }],
    });
    const [argocd] = calleePods(world, 'argocd', 'argocd');
    expect(egressAdmits(world, argocd!, '192.168.1.5/32', 2222)).toBe(true);
  });

  it('an ssh remote on a LAN name warns with gitops.cidr', () => {
    const { plan } = rendered({ 'gitops.repoURL': 'ssh://git@forge.home.arpa/lab/platform.git' });
    expect(warningsAt(plan, 'gitops.repoURL')[0]?.message).toContain('gitops.cidr');
  });
});

describe('Alertmanager smarthost', () => {
  it("opens the smarthost's port, not a fixed 587/465", () => {
    const { objects, world } = rendered({ 'alerts.email.smarthost': 'smtp.example.org:2525' });
    const rules = egressOf(objects, 'monitoring', 'kube-prometheus-stack');
    expect(ports(internetRule(rules))).toEqual([443, 80, 2525]);
    const [alertmanager] = calleePods(world, 'monitoring', 'kube-prometheus-stack');
    expect(egressAdmits(world, alertmanager!, '198.51.100.7/32', 2525)).toBe(true);
    expect(egressAdmits(world, alertmanager!, '198.51.100.7/32', 587)).toBe(false);
  });

  it('a relay at a LAN IP: an ipBlock /32 on its port', () => {
    const { objects, world, plan } = rendered({ 'alerts.email.smarthost': '192.168.1.25:25' });
    const rules = egressOf(objects, 'monitoring', 'kube-prometheus-stack');
    expect(ipRules(rules)).toContainEqual({
      to: [{ ipBlock: { cidr: '192.168.1.25/32' } }],
      ports: [{ protocol: 'TCP', port: 25 }],
    });
    expect(ports(internetRule(rules))).toEqual([443, 80]);
    const [alertmanager] = calleePods(world, 'monitoring', 'kube-prometheus-stack');
    expect(egressAdmits(world, alertmanager!, '192.168.1.25/32', 25)).toBe(true);
    expect(warningsAt(plan, 'alerts.email.smarthost')).toEqual([]);
  });

  it('a relay with a LAN name and no range gets a warning naming alerts.email.cidr', () => {
    const { plan } = rendered({ 'alerts.email.cidr': undefined });
    expect(warningsAt(plan, 'alerts.email.smarthost')[0]?.message).toContain('alerts.email.cidr');
  });

  it("the default platform's relay smtp.home.arpa:587 is reached through its LAN range, without a warning", () => {
    const { plan, world } = rendered({});
    expect(warningsAt(plan, 'alerts.email.smarthost')).toEqual([]);
    const [alertmanager] = calleePods(world, 'monitoring', 'kube-prometheus-stack');
    expect(egressAdmits(world, alertmanager!, '192.168.1.25/32', 587)).toBe(true);
    expect(egressAdmits(world, alertmanager!, '192.168.1.25/32', 25)).toBe(false);
  });
});
