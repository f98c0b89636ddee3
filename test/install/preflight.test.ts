import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { preflight, versionCheck } from '../../src/install/preflight.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { registry } from '../../src/services/registry.ts';
import { ROOT } from '../helpers/cli.ts';
import { join } from 'node:path';

const config = await loadConfig(join(ROOT, 'platform.yaml'), registry);

function node(name: string, cpu: string, memory: string, arch = 'amd64', gpus?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    status: {
      capacity: { cpu, memory },
      allocatable: { cpu, memory, ...(gpus ? { 'nvidia.com/gpu': gpus } : {}) },
      nodeInfo: { architecture: arch },
    },
  };
}

const good = [node('homelab', '28', '125829120Ki'), node('akula-prime', '20', '49283072Ki', 'amd64', '4')];

describe('install preflight', () => {
  it('passes the default platform on nodes that match it', () => {
    const checks = preflight({
      config,
      version: { gitVersion: 'v1.33.10+k3s1' },
      nodes: good,
      gpuOperatorRunning: true,
    });
    expect(checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(checks).toHaveLength(3);
  });

  it('fails another minor, warns on another patch, each with the fix', () => {
    expect(versionCheck(config, { gitVersion: 'v1.32.5+k3s1' })).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('INSTALL_K3S_VERSION=v1.33.10+k3s1'),
    });
    expect(versionCheck(config, { gitVersion: 'v1.33.13' }).status).toBe('warn');
    expect(versionCheck(config, { gitVersion: 'garbage' }).status).toBe('fail');
  });

  it('names a missing node, a wrong arch, CPU and memory more than 10 % off, and an extra node', () => {
    const nodes = [node('homelab', '24', '125829120Ki', 'arm64'), node('stray', '4', '8Gi')];
    const checks = preflight({
      config,
      version: { gitVersion: 'v1.33.10' },
      nodes,
      gpuOperatorRunning: false,
    });
    const text = checks.filter((c) => c.status !== 'ok').map((c) => `${c.status} ${c.message} | ${c.fix}`);
    expect(text).toEqual([
      expect.stringMatching(
        /^fail node homelab is arm64, cluster.nodes\[0\].arch says amd64 \| Set cluster.nodes\[0\].arch: arm64/,
      ),
      expect.stringMatching(
        /^fail node homelab has 24 CPUs, cluster.nodes\[0\].cpu says 28 .* \| Set cluster.nodes\[0\].cpu: 24/,
      ),
      expect.stringMatching(/^fail node akula-prime \(cluster.nodes\[1\]\) is not in the cluster \| Join it/),
      expect.stringMatching(/^warn node stray is in the cluster but not in platform.yaml/),
    ]);
  });

  it('accepts CPU and memory within 10 % and fails memory beyond it', () => {
    const within = [node('homelab', '26', '115Gi'), node('akula-prime', '20', '44Gi')];
    expect(
      preflight({
        config,
        version: { gitVersion: 'v1.33.10' },
        nodes: within,
        gpuOperatorRunning: false,
      }).every((c) => c.status === 'ok'),
    ).toBe(true);
    const beyond = [node('homelab', '28', '100Gi'), node('akula-prime', '20', '48Gi')];
    const failed = preflight({
      config,
      version: { gitVersion: 'v1.33.10' },
      nodes: beyond,
      gpuOperatorRunning: false,
    }).filter((c) => c.status === 'fail');
    expect(failed.map((c) => c.fix)).toEqual(['Set cluster.nodes[0].memory: 100Gi.']);
  });

  it('wants nvidia.com/gpu on GPU nodes only once the GPU operator runs', () => {
    const noGpu = [node('homelab', '28', '120Gi'), node('akula-prime', '20', '48Gi')];
    const before = preflight({
      config,
      version: { gitVersion: 'v1.33.10' },
      nodes: noGpu,
      gpuOperatorRunning: false,
    });
    expect(before.every((c) => c.status === 'ok')).toBe(true);
    const after = preflight({
      config,
      version: { gitVersion: 'v1.33.10' },
      nodes: noGpu,
      gpuOperatorRunning: true,
    });
    expect(after.filter((c) => c.status === 'fail').map((c) => c.message)).toEqual([
      'node akula-prime advertises no nvidia.com/gpu although the GPU operator runs (cluster.nodes[1].gpus plans 4)',
    ]);
  });
});
