import { describe, expect, it } from 'vitest';
import { nodeAllocatable, nodeLabels, placeService } from '../../src/plan/placement.ts';
import { plan } from '../../src/plan/plan.ts';
import { cluster, config, cpuNode, def, gpuNode } from './helpers.ts';

const gpuDef = def('gpu-app', { namespace: 'gpu', gpu: { mode: 'required', slices: 1, vramGiB: 4 } });
const web = def('web');
const collector = def('collector', { perNode: true });
const amd64Only = def('amd64-only', { archs: ['amd64'] });
const registry = [gpuDef, web, collector, amd64Only];
const homelab = config(registry, cluster(cpuNode('homelab'), gpuNode('akula-prime')));

describe('node labels and allocatable', () => {
  const [cpu, gpu] = homelab.cluster.nodes;

  it('labels a node like k3s and GPU feature discovery do, plus the labels of platform.yaml', () => {
    const labelled = config(registry, cluster(cpuNode('box', { labels: { zone: 'attic' } }))).cluster
      .nodes[0]!;
    expect(nodeLabels(labelled)).toEqual({
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'box',
      'kubernetes.io/os': 'linux',
      'node-role.kubernetes.io/control-plane': 'true',
      'node-role.kubernetes.io/storage': 'true',
      'node-role.kubernetes.io/worker': 'true',
      zone: 'attic',
    });
    expect(nodeLabels(gpu!)['nvidia.com/gpu.present']).toBe('true');
    expect(nodeLabels(cpu!)['nvidia.com/gpu.present']).toBeUndefined();
  });

  it('advertises GPU slices as cards × time-slicing replicas', () => {
    expect(nodeAllocatable(gpu!)).toEqual({ cpu: '20', memory: '48Gi', pods: '110', 'nvidia.com/gpu': '4' });
    expect(nodeAllocatable(cpu!)).toEqual({ cpu: '16', memory: '64Gi', pods: '110' });
    const two = config(
      registry,
      cluster(gpuNode('g', 1, { gpus: [{ model: 'A4000', vramGiB: 16, count: 2 }] })),
    );
    expect(nodeAllocatable(two.cluster.nodes[0]!)['nvidia.com/gpu']).toBe('2');
  });
});

describe('placement', () => {
  it('puts GPU workloads on GPU nodes: selector, tolerations for their taints, runtime class, slices', () => {
    expect(placeService(gpuDef, homelab)).toEqual({
      nodeSelector: { 'nvidia.com/gpu.present': 'true' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }],
      runtimeClassName: 'nvidia',
      gpuSlices: 1,
      nodes: ['akula-prime'],
    });
  });

  it('adds the hostname when a GPU service is pinned to one GPU node', () => {
    const two = config(registry, {
      ...cluster(cpuNode('homelab'), gpuNode('g1'), gpuNode('g2')),
      services: { 'gpu-app': { node: 'g2' } },
    });
    const p = placeService(gpuDef, two);
    expect(p.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'g2', 'nvidia.com/gpu.present': 'true' });
    expect(p.nodes).toEqual(['g2']);
  });

  it('keeps other workloads off GPU-only nodes when another node exists', () => {
    const p = placeService(web, homelab);
    expect(p.nodeAffinity).toEqual([
      { key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['akula-prime'] },
    ]);
    expect(p.nodes).toEqual(['homelab']);
    expect(p.runtimeClassName).toBeUndefined();
    expect(p.gpuSlices).toBe(0);
  });

  it('lets everything share a single node that also has the GPU', () => {
    const single = config(
      registry,
      cluster(
        cpuNode('box', {
          roles: ['control-plane', 'worker', 'gpu'],
          gpus: [{ model: 'RTX 4090', vramGiB: 24 }],
        }),
      ),
    );
    const p = placeService(web, single);
    expect(p.nodeAffinity).toBeUndefined();
    expect(p.nodes).toEqual(['box']);
    expect(placeService(gpuDef, single).nodes).toEqual(['box']);
  });

  it('runs per-node services everywhere, tolerating every taint', () => {
    const p = placeService(collector, homelab);
    expect(p.nodes).toEqual(['akula-prime', 'homelab']);
    expect(p.tolerations.map((t) => t.key)).toEqual(['nvidia.com/gpu']);
  });

  it('pins amd64-only images to amd64 nodes only when the cluster has arm64 nodes', () => {
    expect(placeService(amd64Only, homelab).nodeSelector).toEqual({});
    const mixed = config(
      registry,
      cluster(cpuNode('x86'), cpuNode('pi', { arch: 'arm64', roles: ['worker', 'edge'] })),
    );
    const p = placeService(amd64Only, mixed);
    expect(p.nodeSelector).toEqual({ 'kubernetes.io/arch': 'amd64' });
    expect(p.nodes).toEqual(['x86']);
    expect(placeService(web, mixed).nodes).toEqual(['pi', 'x86']);
  });

  it('pins a service to the node platform.yaml names', () => {
    const pinned = config(registry, {
      ...cluster(cpuNode('a'), cpuNode('b')),
      services: { web: { node: 'b' } },
    });
    expect(placeService(web, pinned)).toMatchObject({
      nodeSelector: { 'kubernetes.io/hostname': 'b' },
      nodes: ['b'],
    });
  });

  it('warns when GPU slices × replicas exceed what the GPU nodes advertise', () => {
    const over = config(registry, {
      ...cluster(cpuNode('homelab'), gpuNode('akula-prime', 2)),
      services: { 'gpu-app': { replicas: 3 } },
    });
    expect(plan(over, registry).warnings.map((w) => w.message)).toContain(
      'GPU services request 3 GPU slices, but the GPU nodes offer 2; some GPU pods will stay Pending',
    );
    expect(plan(homelab, registry).warnings.some((w) => w.message.startsWith('GPU services request'))).toBe(
      false,
    );
  });
});
