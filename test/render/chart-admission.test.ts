import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/check/registry.ts';
import { runCheck } from '../../src/check/engine.ts';
import type { KubeObject, Manifest } from '../../src/k8s/object.ts';
import { built } from './system-helpers.ts';

type Values = Record<string, unknown>;

/**
 * Chart values keys (from each chart's values.yaml and templates) that size a pod the chart renders; the
 * enforced resource-limits policy rejects any of those pods whose key has no CPU and memory limit.
 */
const LIMITED: Record<string, string[]> = {
  argocd: [
    'controller',
    'server',
    'repoServer',
    'applicationSet',
    'notifications',
    'redis',
    'redisSecretInit',
  ],
  'cert-manager': ['', 'webhook', 'cainjector', 'startupapicheck'],
  'cnpg-operator': [''],
  'arc-controller': [''],
  'gpu-operator': [
    'operator',
    'node-feature-discovery.master',
    'node-feature-discovery.worker',
    'node-feature-discovery.gc',
  ],
  'kube-prometheus-stack': [
    'prometheus.prometheusSpec',
    'alertmanager.alertmanagerSpec',
    'grafana',
    'grafana.sidecar',
    'prometheusOperator',
    'prometheusOperator.prometheusConfigReloader',
    'prometheusOperator.admissionWebhooks.patch',
    'kube-state-metrics',
    'prometheus-node-exporter',
  ],
  loki: ['singleBinary', 'sidecar'],
  alloy: ['alloy', 'configReloader'],
  velero: ['', 'kubectl', 'nodeAgent'],
};

function valuesOf(manifest: Manifest, service: string): Values {
  const app = manifest.find((e) => e.object.kind === 'Application' && e.object.metadata.name === service);
  expect(app, `Application ${service}`).toBeDefined();
  const spec = app!.object.spec as { source?: Values; sources?: Values[] };
  const helm = [spec.source, ...(spec.sources ?? [])].find((s) => s && 'helm' in s)?.helm as Values;
  return helm.valuesObject as Values;
}

function at(values: Values, path: string): Values | undefined {
  if (!path) return values;
  return path.split('.').reduce<Values | undefined>((v, k) => v?.[k] as Values | undefined, values);
}

/** A Pod as the chart would render it from these values: one container with them as written. */
function podWith(container: Values, podSecurityContext?: Values): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'chart-pod', namespace: 'backup' },
    spec: {
      ...(podSecurityContext ? { securityContext: podSecurityContext } : {}),
      containers: [{ name: 'c', image: 'velero/velero:v1.17.0', ...container }],
    },
  };
}

const failuresOf = (pod: KubeObject, ids: string[]) =>
  runCheck(
    { objects: [{ object: pod }] },
    RULES.filter((r) => ids.includes(r.id)),
  ).findings.filter((f) => f.status === 'fail');

describe('chart pods pass the enforced admission policies', () => {
  it.each(Object.entries(LIMITED))(
    '%s sets CPU and memory limits for each chart component',
    async (service, keys) => {
      const { manifest } = await built('platform.yaml');
      const values = valuesOf(manifest, service);
      for (const key of keys) {
        const limits = (at(values, key)?.resources as Values | undefined)?.limits as Values | undefined;
        expect(limits?.cpu, `${service} ${key || '(top)'}.resources.limits.cpu`).toBeTruthy();
        expect(limits?.memory, `${service} ${key || '(top)'}.resources.limits.memory`).toBeTruthy();
      }
    },
  );

  it('turns off Grafana’s root init-chown-data container', async () => {
    const { manifest } = await built('platform.yaml');
    const grafana = at(valuesOf(manifest, 'kube-prometheus-stack'), 'grafana')!;
    expect(grafana.initChownData).toEqual({ enabled: false });
  });

  it('gives the velero server, its CRD Job and our plugin init container contexts the policies accept', async () => {
    const { manifest } = await built('platform.yaml');
    const values = valuesOf(manifest, 'velero');
    const rules = ['run-as-non-root', 'no-privilege-escalation', 'drop-capabilities', 'resource-limits'];
    const pod = values.podSecurityContext as Values;
    const server = { securityContext: values.containerSecurityContext, resources: values.resources };
    expect(failuresOf(podWith(server, pod), rules)).toEqual([]);
    const kubectl = at(values, 'kubectl')!;
    const job = { securityContext: kubectl.containerSecurityContext, resources: kubectl.resources };
    expect(failuresOf(podWith(job, pod), rules)).toEqual([]);
    const [plugin] = values.initContainers as Values[];
    expect(failuresOf(podWith(plugin!), rules)).toEqual([]);
    // Without the pod-level context the server would be rejected (the chart's default is empty).
    expect(failuresOf(podWith(server), rules).map((f) => f.rule)).toContain('run-as-non-root');
  });
});
