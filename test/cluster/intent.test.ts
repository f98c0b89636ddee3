import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/cluster/diagnose.ts';
import { parseDumps, readDumpFiles } from '../../src/cluster/read-dump.ts';
import { makeState } from '../../src/cluster/state.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { healthyPlatform } from '../fixtures/cluster/healthy.ts';
import { defaultPlan } from './fake-plan.ts';
import { healthyDump } from '../fixtures/cluster/healthy.ts';

const dumps = join(import.meta.dirname, '../fixtures/cluster/dumps');
const intent = async (objects: KubeObject[]) =>
  diagnose(makeState('t', objects), await defaultPlan()).findings.filter((f) => f.rule === 'intent');

describe('intent: platform.yaml against the cluster', () => {
  it('finds nothing missing or unplanned in the healthy default platform', async () => {
    const d = diagnose(parseDumps(healthyDump()), await defaultPlan());
    expect(d.findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
  });

  it('names the orphaned, crash-looping qemu-binfmt DaemonSet as unplanned', async () => {
    const dump = await readDumpFiles([join(dumps, 'qemu-binfmt-orphan-crashloop-fails.json')]);
    const extra = [...dump.objects('DaemonSet'), ...dump.objects('Pod')];
    const f = await intent([...(healthyPlatform() as KubeObject[]), ...extra]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      severity: 'error',
      target: { kind: 'DaemonSet', namespace: 'kube-system', name: 'qemu-binfmt' },
    });
    expect(f[0]!.message).toBe('no service of platform.yaml deploys it, and its pods keep crashing');
  });

  it('says where the plan runs a service that also runs elsewhere', async () => {
    const stray = (await readDumpFiles([join(dumps, 'litellm-in-two-namespaces-fails.json')])).get(
      'Deployment',
      'default',
      'litellm',
    )!;
    const f = await intent([...(healthyPlatform() as KubeObject[]), stray]);
    expect(f.map((x) => x.message)).toEqual([
      'not planned here: the plan runs litellm in ai, this copy runs in default',
    ]);
  });

  it('reports a planned service with no Application and no workload, with its platform.yaml key', async () => {
    const objects = (healthyPlatform() as KubeObject[]).filter(
      (o) => !(o.metadata.name === 'open-webui' || o.metadata.name.startsWith('open-webui-')),
    );
    const f = await intent(objects);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      service: 'open-webui',
      configPath: 'services.open-webui',
      target: { kind: 'Service', namespace: 'ai', name: 'open-webui' },
    });
    expect(f[0]!.message).toMatch(/^planned service open-webui is not in the cluster/);
  });

  it('ties a failing pod to its service and platform.yaml key through its owner', async () => {
    const state = await readDumpFiles([join(dumps, 'pod-secret-in-other-namespace-fails.json')]);
    const all = makeState('t', [
      ...state.objects('Pod'),
      ...(healthyPlatform() as KubeObject[]),
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: 'litellm-5d8f9c7b6',
          namespace: 'ai',
          ownerReferences: [{ kind: 'Deployment', name: 'litellm', controller: true }],
        },
      } as KubeObject,
    ]);
    const f = diagnose(all, await defaultPlan()).findings.find((x) => x.rule === 'pod-config-error');
    expect(f).toMatchObject({ service: 'litellm', configPath: 'services.litellm' });
  });

  it('flags a GPU node of platform.yaml whose allocatable has no nvidia.com/gpu, at cluster.nodes[1]', async () => {
    const broken = await readDumpFiles([join(dumps, 'gpu-node-without-allocatable-gpu-fails.json')]);
    const objects = [
      ...broken.objects('Node'),
      ...(healthyPlatform() as KubeObject[]).filter((o) => o.kind !== 'Node'),
    ];
    const d = diagnose(makeState('t', objects), await defaultPlan());
    const f = d.findings.filter((x) => x.rule === 'intent');
    expect(f.map((x) => x.message)).toEqual([
      expect.stringMatching(
        /^platform\.yaml gives akula-prime 1 GPU model\(s\) \(cluster\.nodes\[1\]\.gpus\) but its allocatable has no nvidia\.com\/gpu/,
      ),
    ]);
    expect(d.findings.find((x) => x.rule === 'node-gpu')).toMatchObject({ configPath: 'cluster.nodes[1]' });
  });
});
