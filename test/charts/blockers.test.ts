import { beforeAll, describe, expect, it } from 'vitest';
import { wildcardMatch } from '../../src/semantics/exceptions.ts';
import { WORKLOAD_EXCEPTIONS, deploymentChildNames } from '../../src/semantics/system-workloads.ts';
import type { KubeObject, Manifest } from '../../src/k8s/object.ts';
import { BACKUP_VOLUMES_ANNOTATION } from '../../src/build/velero-backup.ts';
import { chartSource } from '../../scripts/charts/inputs.ts';
import { defaultPlatform, recordedObjects } from '../helpers/charts.ts';

/*
 * The first-sync problems of the chart audits (../shared/audits/charts-{A,B}.md), each asserted on the values
 * shai renders and on what real helm made of them at the pin (test/fixtures/charts/).
 */

type Yaml = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let manifest: Manifest;
beforeAll(async () => {
  manifest = (await defaultPlatform()).manifest;
});

const app = (name: string) =>
  manifest.find((e) => e.object.kind === 'Application' && e.object.metadata.name === name)!.object;
const values = (name: string) => chartSource(app(name))!.helm!.valuesObject as Yaml;
const recorded = (name: string, kind: string) => recordedObjects(name).filter((o) => o.kind === kind);
const names = (objects: KubeObject[]) => objects.map((o) => o.metadata.name);
const podTemplate = (o: KubeObject) => (o.spec as Yaml).template as Yaml;

describe('Longhorn installs under Argo CD', () => {
  it('renders no pre-upgrade hook Job (it would run as PreSync before its ServiceAccount exists)', () => {
    expect(values('longhorn').preUpgradeChecker).toEqual({ jobEnabled: false });
    expect(names(recorded('longhorn', 'Job'))).not.toContain('longhorn-pre-upgrade');
  });

  it('excepts the post-upgrade Job Argo CD runs after every sync, for exactly the rules it breaks', () => {
    const post = recorded('longhorn', 'Job').find((j) => j.metadata.name === 'longhorn-post-upgrade')!;
    expect(post.metadata.annotations?.['helm.sh/hook']).toBe('post-upgrade');
    const e = WORKLOAD_EXCEPTIONS.find((x) => x.name === 'longhorn-post-upgrade');
    expect(e?.rules).toEqual(
      expect.arrayContaining(['run-as-non-root', 'drop-capabilities', 'resource-limits']),
    );
  });
});

describe('the NVIDIA GPU operator is admitted', () => {
  it('renders no upgrade-crd PreSync Job; Argo CD applies the chart CRDs', () => {
    expect(values('gpu-operator').operator.upgradeCRD).toBe(false);
    expect(names(recorded('gpu-operator', 'Job'))).not.toContain('gpu-operator-upgrade-crd');
    expect(names(recorded('gpu-operator', 'CustomResourceDefinition'))).toContain(
      'clusterpolicies.nvidia.com',
    );
  });

  it("excepts the operator's own Deployment and pods, and not the node-feature-discovery pods", () => {
    const e = WORKLOAD_EXCEPTIONS.find((x) => x.kind === 'Deployment' && x.name === 'gpu-operator')!;
    expect(e.rules).toEqual(expect.arrayContaining(['run-as-non-root', 'no-host-path']));
    const matches = (name: string) =>
      deploymentChildNames('gpu-operator').some((p) => wildcardMatch(p, name));
    expect(matches('gpu-operator-7c9f8d6b5c-x2k4l')).toBe(true);
    expect(matches('gpu-operator-7c9f8d6b5c')).toBe(true);
    for (const nfd of names(recordedObjects('gpu-operator')).filter((n) =>
      n.includes('node-feature-discovery'),
    ))
      for (const suffix of ['', '-7c9f8d6b5c', '-7c9f8d6b5c-x2k4l', '-x2k4l'])
        expect(matches(`${nfd}${suffix}`), `${nfd}${suffix}`).toBe(false);
  });

  it('excepts the toolkit DaemonSet the operator creates without resources from resource-limits', () => {
    const toolkit = WORKLOAD_EXCEPTIONS.find((x) => x.name === 'nvidia-container-toolkit-daemonset')!;
    expect(toolkit.rules).toContain('resource-limits');
  });
});

describe('Velero', () => {
  it('renders no upgrade-crds PreSync Job and no values the chart ignores', () => {
    const v = values('velero');
    expect(v.upgradeCRDs).toBe(false);
    expect(v).not.toHaveProperty('kubectl');
    expect(names(recorded('velero', 'Job'))).toEqual([]);
  });

  it('backs up only the volumes services mark worth keeping (opt-in, not every volume)', () => {
    expect(values('velero').configuration.defaultVolumesToFsBackup).toBe(false);
    const server = recorded('velero', 'Deployment').find((d) => d.metadata.name === 'velero')!;
    expect(JSON.stringify(podTemplate(server).spec.containers[0].args)).not.toContain(
      'default-volumes-to-fs-backup',
    );
    const optIn = new Map<string, string | undefined>();
    for (const { object } of manifest.filter((e) => ['Deployment', 'StatefulSet'].includes(e.object.kind)))
      optIn.set(
        object.metadata.name,
        podTemplate(object)?.metadata?.annotations?.[BACKUP_VOLUMES_ANNOTATION],
      );
    expect(optIn.get('open-webui')).toBe('data');
    expect(optIn.get('comfyui')).toBe('output'); // not its 100 Gi model cache
    expect(optIn.get('ollama-gpu')).toBeUndefined();
    expect(optIn.get('ollama-cpu')).toBeUndefined();
    const db = manifest.find(
      (e) => e.object.kind === 'Cluster' && e.object.metadata.name === 'keycloak-db',
    )!.object;
    // A file copy of a running PostgreSQL is no backup: CloudNativePG archives it through the Barman Cloud plugin.
    expect((db.spec as Yaml).inheritedMetadata).toBeUndefined();
    expect((db.spec as Yaml).plugins).toEqual([
      {
        name: 'barman-cloud.cloudnative-pg.io',
        isWALArchiver: true,
        parameters: { barmanObjectName: 'keycloak-db-backup' },
      },
    ]);
  });

  it('backs up Grafana from the chart pod, and neither Prometheus nor Loki', () => {
    const grafana = recorded('kube-prometheus-stack', 'Deployment').find((d) =>
      d.metadata.name.endsWith('grafana'),
    )!;
    expect(podTemplate(grafana).metadata.annotations[BACKUP_VOLUMES_ANNOTATION]).toBe('storage');
    expect(
      podTemplate(grafana).spec.volumes.find((v: Yaml) => v.name === 'storage').persistentVolumeClaim,
    ).toBeDefined();
    const text = JSON.stringify(
      [...recordedObjects('kube-prometheus-stack'), ...recordedObjects('loki')].filter(
        (o) => o.kind !== 'Deployment',
      ),
    );
    expect(text).not.toContain(BACKUP_VOLUMES_ANNOTATION);
  });
});

describe('ARC runners start', () => {
  it('gives each listener pod limits: the controller copies them only from listenerTemplate', () => {
    for (const name of ['arc-runners', 'arc-runners-gpu']) {
      const set = recorded(name, 'AutoscalingRunnerSet')[0]!;
      const listener = ((set.spec as Yaml).listenerTemplate.spec.containers as Yaml[]).find(
        (c) => c.name === 'listener',
      )!;
      expect(listener.resources.limits, name).toEqual({
        cpu: expect.any(String),
        memory: expect.any(String),
      });
    }
  });
});

describe('kube-prometheus-stack on k3s', () => {
  it('renders nothing into kube-system and no scrape targets k3s does not run', () => {
    const objects = recordedObjects('kube-prometheus-stack');
    expect(
      objects
        .filter((o) => o.metadata.namespace === 'kube-system')
        .map((o) => `${o.kind}/${o.metadata.name}`),
    ).toEqual([]);
    const alerts = JSON.stringify(objects.filter((o) => o.kind === 'PrometheusRule'));
    for (const alert of ['KubeSchedulerDown', 'KubeControllerManagerDown', 'KubeProxyDown'])
      expect(alerts).not.toContain(alert);
  });

  it('leaves the monitoring.coreos.com CRDs to prometheus-crds', () => {
    expect(values('kube-prometheus-stack').crds).toEqual({ enabled: false });
    expect(recorded('kube-prometheus-stack', 'CustomResourceDefinition')).toEqual([]);
    expect(recorded('prometheus-crds', 'CustomResourceDefinition')).toHaveLength(10);
  });
});
