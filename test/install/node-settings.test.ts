import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { describeChange, nodeChange, wantedLabels } from '../../src/install/node-settings.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { registry } from '../../src/services/registry.ts';
import { ROOT } from '../helpers/cli.ts';

const config = await loadConfig(join(ROOT, 'platform.yaml'), registry);
const gpuNode = config.cluster.nodes.find((n) => n.name === 'akula-prime')!;

function live(labels: Record<string, string>, taints: unknown[] = []): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'akula-prime', labels, resourceVersion: '7' },
    spec: { taints },
  };
}

describe('node labels and taints from platform.yaml', () => {
  it('sets the role labels and extra labels, never the kubelet or GPU discovery labels', () => {
    const labels = wantedLabels(gpuNode);
    expect(labels).toMatchObject({
      'node-role.kubernetes.io/gpu': 'true',
      'node-role.kubernetes.io/worker': 'true',
    });
    for (const k of [
      'kubernetes.io/arch',
      'kubernetes.io/hostname',
      'kubernetes.io/os',
      'nvidia.com/gpu.present',
    ])
      expect(labels).not.toHaveProperty(k);
  });

  it('adds what is missing, changes what differs, keeps taints platform.yaml does not name', () => {
    const k3sTaint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
    const c = nodeChange(gpuNode, live({ 'node-role.kubernetes.io/gpu': 'false' }, [k3sTaint]))!;
    expect(describeChange(c)).toEqual([
      'node akula-prime:',
      '  ~ label node-role.kubernetes.io/gpu: false → true',
      '  + label node-role.kubernetes.io/worker=true',
      ...Object.keys(gpuNode.labels).map((k) => `  + label ${k}=${gpuNode.labels[k]}`),
      '  + taint nvidia.com/gpu=true:NoSchedule',
    ]);
    expect(c.patch).toEqual({
      metadata: {
        resourceVersion: '7',
        labels: Object.fromEntries(c.labels.map((l) => [l.key, l.to])),
      },
      spec: { taints: [k3sTaint, { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }] },
    });
  });

  it('changes a taint whose value differs, and nothing when the node already matches', () => {
    const wrong = nodeChange(
      gpuNode,
      live(wantedLabels(gpuNode), [{ key: 'nvidia.com/gpu', value: 'no', effect: 'NoSchedule' }]),
    )!;
    expect(describeChange(wrong)).toEqual([
      'node akula-prime:',
      '  ~ taint nvidia.com/gpu=no:NoSchedule → nvidia.com/gpu=true:NoSchedule',
    ]);
    expect(
      nodeChange(
        gpuNode,
        live(wantedLabels(gpuNode), [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }]),
      ),
    ).toBeUndefined();
  });
});
