import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { gpuTimeSlicingConsistent } from '../../src/check/rules/gpu-time-slicing-consistent.ts';
import { gpuToolkitK3sPaths } from '../../src/check/rules/gpu-toolkit-k3s-paths.ts';
import { issuerRefExists } from '../../src/check/rules/issuer-ref-exists.ts';
import { namespaceQuotaFits } from '../../src/check/rules/namespace-quota-fits.ts';
import type { Yaml } from '../../src/semantics/pods.ts';
import { loadSchemas } from '../../src/k8s/schemas.ts';
import { validateManifest } from '../../src/render/tree.ts';
import { built, failures, objectsOf, SYSTEM } from './system-helpers.ts';

const root = resolve(import.meta.dirname, '../..');
const files = [
  'platform.yaml',
  ...readdirSync(resolve(root, 'examples'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `examples/${f}`),
];

describe.each(files)('the system services of %s', (file) => {
  it('build objects that pass strict validation', async () => {
    const { manifest } = await built(file);
    const mine = manifest.filter((e) => SYSTEM.includes(e.service));
    expect(mine.length).toBeGreaterThan(0);
    await loadSchemas(mine.map((e) => e.object));
    expect(() => validateManifest(mine)).not.toThrow();
  });

  it('render a Namespace for every namespace the tree places objects in, except those k3s owns', async () => {
    const { manifest } = await built(file);
    const rendered = new Set(objectsOf(manifest, 'namespaces', 'Namespace').map((n) => n.metadata.name));
    const used = new Set(manifest.flatMap((e) => e.object.metadata.namespace ?? []));
    expect(rendered.has('kube-system')).toBe(false);
    expect(rendered.has('default')).toBe(false);
    expect([...used].filter((n) => n !== 'kube-system' && !rendered.has(n))).toEqual([]);
  });

  it('fit every ResourceQuota and LimitRange max they render, as shai check judges it', async () => {
    const { plan, manifest } = await built(file);
    expect(failures(plan, manifest, [namespaceQuotaFits])).toEqual([]);
  });

  it('configure the GPU operator for k3s with a time-slicing config the check accepts', async () => {
    const { plan, manifest } = await built(file);
    expect(failures(plan, manifest, [gpuToolkitK3sPaths, gpuTimeSlicingConsistent, issuerRefExists])).toEqual(
      [],
    );
  });

  it('label each namespace with the most permissive Pod Security level its services need, with the reasons', async () => {
    const { plan, manifest } = await built(file);
    const order = ['restricted', 'baseline', 'privileged'];
    const rootNs = new Set(
      manifest
        .filter((e) => (e.object.spec as Yaml)?.template?.metadata?.annotations?.['shai.dev/runs-as-root'])
        .map((e) => e.object.metadata.namespace),
    );
    for (const ns of objectsOf(manifest, 'namespaces', 'Namespace')) {
      const services = plan.services.filter((s) => s.namespace === ns.metadata.name);
      const fromServices = Math.max(0, ...services.map((s) => order.indexOf(s.def.podSecurity.level)));
      // A root pod cannot run under `restricted`, whoever placed it there.
      const want = order[Math.max(fromServices, rootNs.has(ns.metadata.name) ? 1 : 0)]!;
      for (const mode of ['enforce', 'audit', 'warn'])
        expect(ns.metadata.labels?.[`pod-security.kubernetes.io/${mode}`]).toBe(want);
      const reason = ns.metadata.annotations?.['shai.dev/pod-security-reason'];
      if (want === 'restricted') expect(reason).toBeUndefined();
      else expect(reason).toBeTruthy();
      if (order.indexOf(want) === fromServices && want !== 'restricted')
        for (const s of services.filter((x) => x.def.podSecurity.level === want))
          expect(reason).toContain(s.name);
    }
  });
});

describe('Traefik through k3s HelmChartConfig', () => {
  it('enables the CRD provider across namespaces, Ingress, metrics, TLS and the https redirect', async () => {
    const { manifest } = await built('platform.yaml');
    const [hcc] = objectsOf(manifest, 'traefik', 'HelmChartConfig');
    expect(hcc?.metadata).toMatchObject({ name: 'traefik', namespace: 'kube-system' });
    const values = parse((hcc!.spec as { valuesContent: string }).valuesContent);
    expect(values.providers.kubernetesCRD).toEqual({ enabled: true, allowCrossNamespace: true });
    expect(values.providers.kubernetesIngress.enabled).toBe(true);
    expect(values.metrics.prometheus.serviceMonitor.enabled).toBe(true);
    expect(values.ports.websecure.tls.enabled).toBe(true);
    expect(values.ports.web.redirections.entryPoint).toMatchObject({ to: 'websecure', scheme: 'https' });
  });
});

describe('chart services', () => {
  it('pin their chart from versions.ts and size the controller from the ServiceDef', async () => {
    const { plan, charts } = await built('platform.yaml');
    for (const name of [
      'sealed-secrets',
      'cert-manager',
      'cnpg-operator',
      'kyverno',
      'longhorn',
      'gpu-operator',
      'prometheus-crds',
    ]) {
      const svc = plan.services.find((s) => s.name === name)!;
      expect(charts.get(name)).toMatchObject({
        chart: svc.def.chart!.chart,
        version: svc.def.chart!.version,
      });
    }
    expect(charts.get('sealed-secrets')!.values).toMatchObject({
      fullnameOverride: 'sealed-secrets-controller',
    });
    expect(charts.get('cert-manager')!.values).toMatchObject({ crds: { enabled: true } });
    const kyverno = plan.services.find((s) => s.name === 'kyverno')!;
    expect(charts.get('kyverno')!.values).toMatchObject({
      admissionController: { container: { resources: kyverno.resources } },
      features: { policyExceptions: { enabled: true, namespace: kyverno.namespace } },
    });
  });
});
