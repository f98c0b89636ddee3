import type { Yaml } from '../../src/semantics/pods.ts';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/engine.ts';
import { namespaceQuotaFits } from '../../src/check/rules/namespace-quota-fits.ts';
import { InternalError } from '../../src/errors.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { parseQuantity } from '../../src/k8s/quantity.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import { registry } from '../../src/services/registry.ts';
import type { BuiltObject } from '../../src/services/system/built.ts';
import { gpuOperatorValues, timeSlicingConfigMap } from '../../src/services/system/gpu-values.ts';
import { longhornObjects, longhornValues } from '../../src/services/system/longhorn-values.ts';
import { namespaceObjects } from '../../src/services/system/namespace-objects.ts';
import { rootExceptions, withoutAnnotationExcludes } from '../../src/services/system/policy-exceptions.ts';
import { kyvernoClusterPolicies } from '../../src/check/policies.ts';
import { built, objectsOf } from './system-helpers.ts';
import { WORKLOAD_EXCEPTIONS } from '../../src/semantics/system-workloads.ts';

const deployment = (
  ns: string,
  name: string,
  replicas: number,
  res: Record<string, Record<string, string>>,
  annotations?: Record<string, string>,
): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name }, ...(annotations ? { annotations } : {}) },
      spec: { containers: [{ name, image: 'x:1', resources: res }] },
    },
  },
});
const res = (cpu: string, mem: string, gpu?: string) => ({
  requests: { cpu, memory: mem, ...(gpu ? { 'nvidia.com/gpu': gpu } : {}) },
  limits: { cpu, memory: mem, ...(gpu ? { 'nvidia.com/gpu': gpu } : {}) },
});
const quotaFails = (objects: KubeObject[]) =>
  runCheck({ objects: objects.map((object) => ({ object })) }, [namespaceQuotaFits]).findings.filter(
    (f) => f.status === 'fail',
  );

describe('namespace quotas computed from the workloads placed there', () => {
  it('cover requests, limits, pods, storage and GPU slices with headroom, and the check agrees', async () => {
    const { plan } = await built('platform.yaml');
    const self = plan.services.find((s) => s.name === 'namespaces')!;
    const gpuSvc = plan.services.find((s) => s.namespace === 'gpu')!;
    const workloads: KubeObject[] = [
      deployment('gpu', 'a', 2, res('2', '4Gi', '1')),
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'models', namespace: 'gpu' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '100Gi' } } },
      },
      {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Cluster',
        metadata: { name: 'db', namespace: 'gpu' },
        spec: { instances: 1, resources: res('1', '1Gi'), storage: { size: '20Gi' } },
      },
    ];
    const b: BuiltObject[] = workloads.map((object) => ({ service: gpuSvc, object }));
    const objs = namespaceObjects(self, plan, b, 'gpu');
    const quota = objs.find((o) => o.kind === 'ResourceQuota')!;
    const hard = (quota.spec as { hard: Record<string, string> }).hard;
    // 2×2 + 1 cpu, 2×4Gi + 1Gi, 3 pods, 100Gi + 20Gi, 2 GPU slices: each at least 1.5× that.
    expect(parseQuantity(hard['requests.cpu'])).toBeGreaterThanOrEqual(5 * 1.5);
    expect(parseQuantity(hard['limits.memory'])).toBeGreaterThanOrEqual(9 * 2 ** 30 * 1.5);
    expect(parseQuantity(hard['pods'])).toBeGreaterThanOrEqual(3 + 2);
    expect(parseQuantity(hard['requests.storage'])).toBeGreaterThanOrEqual(120 * 2 ** 30 * 1.5);
    expect(parseQuantity(hard['requests.nvidia.com/gpu'])).toBeGreaterThanOrEqual(3);
    const lr = objs.find((o) => o.kind === 'LimitRange')!;
    expect((lr.spec as Yaml).limits[0].max).toEqual({ cpu: '2000m', memory: '4096Mi' });
    expect(quotaFails([...workloads, ...objs])).toEqual([]);
    // Three times the replicas no longer fits: the quota is computed, not unlimited.
    expect(
      quotaFails([deployment('gpu', 'a', 6, res('2', '4Gi', '1')), ...workloads.slice(1), ...objs]).length,
    ).toBeGreaterThan(0);
  });

  it('are left out where an upstream chart runs the pods, and the Namespace is still there', async () => {
    const { plan } = await built('platform.yaml');
    const self = plan.services.find((s) => s.name === 'namespaces')!;
    const kps = plan.services.find((s) => s.name === 'kube-prometheus-stack')!;
    const objs = namespaceObjects(
      self,
      plan,
      [{ service: kps, object: deployment('monitoring', 'x', 1, res('1', '1Gi')) }],
      'monitoring',
    );
    expect(objs.map((o) => o.kind)).toEqual(['Namespace']);
  });
});

describe('the NVIDIA GPU operator', () => {
  it('shares the default platform RTX 5080 four ways and keeps the host driver', async () => {
    const { plan, manifest, charts } = await built('platform.yaml');
    const [cm] = objectsOf(manifest, 'gpu-operator', 'ConfigMap');
    const values = charts.get('gpu-operator')!.values as Yaml;
    expect(values.driver.enabled).toBe(false);
    expect(values.devicePlugin.config.name).toBe(cm!.metadata.name);
    const gpu = plan.config.cluster.nodes.flatMap((n) => n.gpus)[0]!;
    const data = (cm!.data as Record<string, string>)[values.devicePlugin.config.default]!;
    expect(data).toContain(`replicas: ${gpu.sharing.replicas}`);
    const env = Object.fromEntries(values.toolkit.env.map((e: Yaml) => [e.name, e.value]));
    expect(env).toMatchObject({
      CONTAINERD_CONFIG: '/var/lib/rancher/k3s/agent/etc/containerd/config.toml',
      CONTAINERD_SOCKET: '/run/k3s/containerd/containerd.sock',
    });
  });

  it('lets the operator install the driver on the dual-GPU tower, two pods per card', async () => {
    const { manifest, charts } = await built('examples/dual-gpu.yaml');
    expect((charts.get('gpu-operator')!.values as Yaml).driver.enabled).toBe(true);
    const [cm] = objectsOf(manifest, 'gpu-operator', 'ConfigMap');
    expect(Object.keys(cm!.data as object)).toEqual(['rtx-4090']);
    expect((cm!.data as Yaml)['rtx-4090']).toContain('replicas: 2');
  });

  it('renders no time-slicing config without GPUs', async () => {
    const { manifest, charts } = await built('examples/single-cpu.yaml');
    expect(objectsOf(manifest, 'gpu-operator', 'ConfigMap')).toEqual([]);
    if (charts.get('gpu-operator'))
      expect((charts.get('gpu-operator')!.values as Yaml).devicePlugin).toBeUndefined();
  });

  it('guards the device-plugin label on a node whose GPU needs another config, and accepts it when present', async () => {
    const { plan } = await built('platform.yaml');
    const config = structuredClone(plan.config);
    const other = structuredClone(config.cluster.nodes[1]!);
    other.name = 'second';
    other.gpus = [
      { ...other.gpus[0]!, model: 'RTX 3090', sharing: { strategy: 'time-slicing', replicas: 2 } },
    ];
    config.cluster.nodes.push(other);
    const p = makePlan(config, registry);
    const ctx = { plan: p, self: p.services.find((s) => s.name === 'gpu-operator')! };
    // The config rule device-plugin-config refuses such a platform at its line before any build; the builder
    // only guards that invariant.
    expect(() => gpuOperatorValues(ctx)).toThrow(InternalError);
    expect(() => gpuOperatorValues(ctx)).toThrow(
      'node second has no nvidia.com/device-plugin.config label for "rtx-3090"',
    );
    other.labels = { 'nvidia.com/device-plugin.config': 'rtx-3090' };
    const p2 = makePlan(config, registry);
    const ctx2 = { plan: p2, self: p2.services.find((s) => s.name === 'gpu-operator')! };
    expect((gpuOperatorValues(ctx2) as Yaml).devicePlugin.config.default).toBe('rtx-5080');
    expect(Object.keys(timeSlicingConfigMap(ctx2)[0]!.data as object).sort()).toEqual([
      'rtx-3090',
      'rtx-5080',
    ]);
  });
});

describe('the TLS chain', () => {
  it('internal CA: self-signed root → CA issuer → wildcard certificate → Traefik default TLSStore', async () => {
    const { plan, manifest } = await built('platform.yaml');
    const issuers = objectsOf(manifest, 'pki', 'ClusterIssuer');
    const certs = objectsOf(manifest, 'pki', 'Certificate');
    const selfSigned = issuers.find((i) => 'selfSigned' in (i.spec as object))!;
    const root = certs.find((c) => (c.spec as Yaml).isCA)!;
    expect((root.spec as Yaml).issuerRef.name).toBe(selfSigned.metadata.name);
    expect(root.metadata.namespace).toBe('cert-manager');
    const ca = issuers.find((i) => (i.spec as Yaml).ca)!;
    expect((ca.spec as Yaml).ca.secretName).toBe((root.spec as Yaml).secretName);
    const wildcard = certs.find((c) => !(c.spec as Yaml).isCA)!;
    expect((wildcard.spec as Yaml).issuerRef.name).toBe(ca.metadata.name);
    expect((wildcard.spec as Yaml).dnsNames).toEqual([`*.${plan.config.domain}`, plan.config.domain]);
    const [store] = objectsOf(manifest, 'pki', 'TLSStore');
    expect(store!.metadata).toMatchObject({ name: 'default', namespace: wildcard.metadata.namespace });
    expect((store!.spec as Yaml).defaultCertificate.secretName).toBe((wildcard.spec as Yaml).secretName);
  });

  it('ACME: one DNS-01 issuer with the configured provider credentials signs the same wildcard', async () => {
    const { plan, manifest } = await built('examples/acme.yaml');
    const issuers = objectsOf(manifest, 'pki', 'ClusterIssuer');
    expect(issuers).toHaveLength(1);
    const acme = (issuers[0]!.spec as Yaml).acme;
    expect(acme.email).toBe(plan.config.tls.acme!.email);
    expect(acme.solvers[0].dns01.cloudflare.apiTokenSecretRef).toEqual(plan.config.tls.acme!.credentials);
    const [wildcard] = objectsOf(manifest, 'pki', 'Certificate');
    expect((wildcard!.spec as Yaml).issuerRef.name).toBe(issuers[0]!.metadata.name);
    expect(objectsOf(manifest, 'pki', 'TLSStore')).toHaveLength(1);
  });
});

describe('Longhorn', () => {
  it('uses the storage paths of platform.yaml, one replica per storage node up to three, and snapshots daily', async () => {
    const { plan } = await built('platform.yaml');
    const self = plan.services.find((s) => s.name === 'longhorn')!;
    const v = longhornValues({ plan, self }) as Yaml;
    expect(v.defaultSettings.defaultDataPath).toBe('/data');
    expect(v.persistence.defaultClassReplicaCount).toBe(1);
    expect(v.defaultSettings.taintToleration).toBe('nvidia.com/gpu=true:NoSchedule');
    const config = structuredClone(plan.config);
    for (const name of ['s2', 's3', 's4'])
      config.cluster.nodes.push({
        ...structuredClone(config.cluster.nodes[0]!),
        name,
        roles: ['worker', 'storage'],
      });
    const p = makePlan(config, registry);
    expect(
      (longhornValues({ plan: p, self: p.services.find((s) => s.name === 'longhorn')! }) as Yaml).persistence
        .defaultClassReplicaCount,
    ).toBe(3);
    const objs = longhornObjects({ plan, self });
    expect(objs.find((o) => o.kind === 'RecurringJob')!.spec).toMatchObject({
      task: 'snapshot',
      groups: ['default'],
    });
    const route = objs.find((o) => o.kind === 'IngressRoute')!;
    const main = (route.spec as Yaml).routes.at(-1);
    expect(main.services).toEqual([{ name: 'longhorn-frontend', namespace: 'longhorn-system', port: 80 }]);
    expect(main.middlewares).toHaveLength(1);
  });
});

describe('Kyverno policies', () => {
  it('enforce the error rules without annotation escapes, and except only the root workload from the non-root rule', async () => {
    const { plan, manifest } = await built('platform.yaml');
    const policies = objectsOf(manifest, 'kyverno-policies', 'ClusterPolicy');
    expect(policies.length).toBe(kyvernoClusterPolicies().length);
    const rules = policies.flatMap((p) => (p.spec as Yaml).rules);
    expect(rules.filter((r: Yaml) => JSON.stringify(r.exclude ?? {}).includes('"annotations"'))).toEqual([]);
    expect(policies.find((p) => p.metadata.name === 'shai-run-as-non-root')).toBeDefined();
    const self = plan.services.find((s) => s.name === 'kyverno-policies')!;
    const audio = plan.services.find((s) => s.name === 'audio')!;
    const b: BuiltObject[] = [
      {
        service: audio,
        object: deployment('gpu', 'audio', 1, res('1', '1Gi'), {
          'shai.dev/runs-as-root': 'no USER in the image',
        }),
      },
      { service: audio, object: deployment('gpu', 'other', 1, res('1', '1Gi')) },
    ];
    const ex = rootExceptions(self, b);
    expect(ex).toHaveLength(1);
    expect(ex[0]!.metadata.namespace).toBe('kyverno');
    const spec = ex[0]!.spec as Yaml;
    expect(spec.exceptions.map((e: Yaml) => e.policyName)).toEqual(['shai-run-as-non-root']);
    expect(spec.match.any[0].resources).toEqual({
      kinds: ['Deployment'],
      namespaces: ['gpu'],
      names: ['audio'],
    });
    expect(withoutAnnotationExcludes(policies[0]!)).toEqual(policies[0]);
  });
});

describe('Kyverno policy exceptions', () => {
  it('name only rendered policies and their rules, one workload each, in the kyverno namespace', async () => {
    const { manifest } = await built('platform.yaml');
    const policies = new Map(
      objectsOf(manifest, 'kyverno-policies', 'ClusterPolicy').map((p) => [
        p.metadata.name,
        (p.spec as Yaml).rules.map((r: Yaml) => r.name),
      ]),
    );
    const exceptions = objectsOf(manifest, 'kyverno-policies', 'PolicyException');
    // Velero's node agent is a chart workload with host access outside the system namespaces.
    expect(exceptions.map((e) => e.metadata.name)).toContain('backup-node-agent');
    for (const e of exceptions) {
      expect(e.metadata.namespace).toBe('kyverno');
      expect(e.metadata.annotations?.['shai.dev/reason']).toBeTruthy();
      for (const x of (e.spec as Yaml).exceptions) {
        expect(policies.has(x.policyName)).toBe(true);
        expect(
          x.ruleNames
            .filter((r: string) => !r.startsWith('autogen-'))
            .every((r: string) => policies.get(x.policyName).includes(r)),
        ).toBe(true);
      }
      // One name, or the exact ReplicaSet and pod names of a Deployment whose `<name>-*` would cover others.
      const exact = WORKLOAD_EXCEPTIONS.flatMap((w) => (w.childNames ? [JSON.stringify(w.childNames)] : []));
      for (const m of (e.spec as Yaml).match.any)
        expect(m.resources.names.length === 1 || exact.includes(JSON.stringify(m.resources.names))).toBe(
          true,
        );
      for (const m of (e.spec as Yaml).match.any) expect(m.resources.namespaces).toHaveLength(1);
    }
  });
});
