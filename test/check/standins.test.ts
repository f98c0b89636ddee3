import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeInDestinations } from '../../src/check/delivery.ts';
import { hashSuffix } from '../../src/check/standins/arc-listener.ts';
import { standInWorkloads } from '../../src/check/standins/index.ts';
import type { SourcedObject } from '../../src/check/types.ts';
import { loadFixture } from './load.ts';

const charts = join(import.meta.dirname, '../fixtures/charts');
const recorded = (...apps: string[]) =>
  placeInDestinations([
    ...loadFixture(
      join(import.meta.dirname, '../../deploy/apps/gpu-operator.yaml'),
      'deploy/apps/gpu-operator.yaml',
    ),
    ...apps.flatMap((a) => loadFixture(join(charts, `${a}.yaml`), `test/fixtures/charts/${a}.yaml`)),
  ]);
const names = (objects: SourcedObject[]) =>
  standInWorkloads(objects).map(
    (w) => `${w.source.object.kind} ${w.source.object.metadata.namespace}/${w.source.object.metadata.name}`,
  );

describe('stand-ins for operator-made workloads', () => {
  it('name the ARC listener as the controller does (FNV-1a + SafeEncodeString, checked with Go k8s.io/apimachinery v0.37.2)', () => {
    expect(hashSuffix('arc-runners', '', 'https://github.com/example')).toBe('56d79bd5');
    expect(hashSuffix('ns', 'group', 'https://github.com/org/repo')).toBe('86484f94');
  });

  it('build the ARC listeners in the controller namespace, with the controller image and the listenerTemplate merged', () => {
    const objects = recorded('arc-controller', 'arc-runners', 'arc-runners-gpu');
    const listeners = standInWorkloads(objects);
    expect(names(objects)).toEqual([
      'Pod arc-systems/homelab-amd64-56d79bd5-listener',
      'Pod arc-systems/homelab-gpu-56d79bd5-listener',
    ]);
    const pod = listeners[0]!.template.spec;
    expect(pod.containers![0]).toMatchObject({
      name: 'listener',
      image: 'ghcr.io/actions/gha-runner-scale-set-controller:0.14.2',
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    });
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(listeners[0]!.source.standIn).toMatch(
      /AutoscalingRunnerSet arc-runners\/homelab-amd64 \(actions-runner-controller gha-runner-scale-set-0\.14\.2/,
    );
  });

  it('build the GPU operands the ClusterPolicy enables, in the operator namespace, in state order', () => {
    expect(names(recorded('gpu-operator'))).toEqual([
      'DaemonSet gpu-operator/nvidia-container-toolkit-daemonset',
      'DaemonSet gpu-operator/nvidia-operator-validator',
      'DaemonSet gpu-operator/nvidia-device-plugin-daemonset',
      'DaemonSet gpu-operator/nvidia-device-plugin-mps-control-daemon',
      'DaemonSet gpu-operator/nvidia-dcgm-exporter',
      'DaemonSet gpu-operator/gpu-feature-discovery',
      'DaemonSet gpu-operator/nvidia-mig-manager',
    ]);
  });

  it('build Prometheus and Alertmanager StatefulSets with the reloader resources of the operator flags', () => {
    const sets = standInWorkloads(recorded('kube-prometheus-stack'));
    expect(sets.map((w) => w.source.object.metadata.name)).toEqual([
      'alertmanager-kube-prometheus-stack-alertmanager',
      'prometheus-kube-prometheus-stack-prometheus',
    ]);
    const reloader = sets[1]!.template.spec.containers!.find((c) => c.name === 'config-reloader')!;
    expect(reloader.resources).toEqual({
      requests: { cpu: '10m', memory: '32Mi' },
      limits: { cpu: '100m', memory: '128Mi' },
    });
  });

  it('build CloudNativePG instance Pods and the initdb Job with the operator image and the Cluster resources', () => {
    const objects = [
      ...recorded('cnpg-operator'),
      ...loadFixture(join(import.meta.dirname, '../../deploy/services/litellm/cluster-litellm-db.yaml')),
    ];
    const made = standInWorkloads(objects);
    expect(names(objects)).toEqual(['Job ai/litellm-db-1-initdb', 'Pod ai/litellm-db-1']);
    // without the operator in the run, its pods cannot be rebuilt (the bootstrap image is the operator's)
    expect(names(objects.filter((o) => o.application !== 'cnpg-operator'))).toEqual([]);
    expect(made[1]!.template.spec.initContainers![0]).toMatchObject({
      name: 'bootstrap-controller',
      image: 'ghcr.io/cloudnative-pg/cloudnative-pg:1.29.0',
      resources: { limits: { cpu: '1', memory: '1Gi' } },
    });
  });

  it('build the full-recovery Job instead of initdb for a Cluster bootstrapped from an archive (a promoted recovery)', () => {
    const [cluster] = loadFixture(
      join(import.meta.dirname, '../../deploy/services/litellm/cluster-litellm-db.yaml'),
    );
    const spec = cluster!.object.spec as { bootstrap: unknown };
    spec.bootstrap = { recovery: { source: 'origin' } };
    expect(names([...recorded('cnpg-operator'), cluster!])).toEqual([
      'Job ai/litellm-db-1-full-recovery',
      'Pod ai/litellm-db-1',
    ]);
  });
});
