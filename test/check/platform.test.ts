import { describe, expect, it } from 'vitest';
import { nodeObject, platformCheckInput, platformTreeInput } from '../../src/check/platform.ts';
import type { Config, NodeConfig } from '../../src/config/schema.ts';
import type { Plan } from '../../src/plan/types.ts';
import type { Yaml } from '../../src/semantics/pods.ts';

const gpuNode: NodeConfig = {
  name: 'gpu-1',
  roles: ['worker', 'gpu'],
  arch: 'amd64',
  cpu: 16,
  memory: '120Gi',
  labels: { 'shai.dev/zone': 'rack' },
  taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
  storage: [],
  gpus: [
    {
      vendor: 'nvidia',
      model: 'RTX 5080',
      vramGiB: 16,
      count: 1,
      sharing: { strategy: 'time-slicing', replicas: 4 },
      driver: 'host',
    },
  ],
};

/** The platform these inputs come from: its tree in deploy/, one GPU node. */
const config = { gitops: { path: 'deploy' }, cluster: { nodes: [gpuNode] } } as unknown as Config;

/** LiteLLM's planned master-key secret. */
const litellmSecret = {
  service: 'litellm',
  namespace: 'ai',
  name: 'litellm',
  keys: { 'master-key': 'litellm-key' },
  admin: false,
  configPath: 'services.litellm',
};

describe('nodeObject', () => {
  it('builds a Node as kubectl shows it, with GPU slices from time-slicing', () => {
    const n = nodeObject(gpuNode) as Yaml;
    expect(n.kind).toBe('Node');
    expect(n.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': 'gpu-1',
      'kubernetes.io/arch': 'amd64',
      'nvidia.com/gpu.present': 'true',
      'shai.dev/zone': 'rack',
    });
    expect(n.status.allocatable).toEqual({ cpu: '16', memory: '120Gi', pods: '110', 'nvidia.com/gpu': '4' });
    expect(n.spec.taints).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }]);
  });

  it('gives a CPU control-plane node its role label and no GPU resources', () => {
    const n = nodeObject({
      ...gpuNode,
      name: 'cp',
      roles: ['control-plane'],
      arch: 'arm64',
      gpus: [],
      taints: [],
    }) as Yaml;
    expect(n.metadata.labels['node-role.kubernetes.io/control-plane']).toBe('true');
    expect(n.metadata.labels['kubernetes.io/arch']).toBe('arm64');
    expect(n.status.allocatable['nvidia.com/gpu']).toBeUndefined();
  });
});

describe('platformCheckInput', () => {
  it('ties each rendered object to its deploy/ file, service and platform.yaml key', () => {
    const plan = {
      services: [{ name: 'litellm', configPath: 'services.litellm' }],
      secrets: [],
    } as unknown as Plan;
    const input = platformCheckInput(config, plan, [
      {
        service: 'litellm',
        path: 'services/litellm/deployment.yaml',
        object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'litellm', namespace: 'ai' } },
      },
    ]);
    expect(input.objects).toEqual([
      {
        object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'litellm', namespace: 'ai' } },
        file: 'deploy/services/litellm/deployment.yaml',
        service: 'litellm',
        configPath: 'services.litellm',
      },
    ]);
    expect(input.nodes?.map((n) => n.metadata.name)).toEqual(['gpu-1']);
  });

  it('stands in for planned secrets that are sealed on disk rather than rendered, so references to them resolve', () => {
    const plan = {
      services: [],
      secrets: [litellmSecret],
    } as unknown as Plan;
    const input = platformCheckInput(config, plan, []);
    expect(input.objects).toEqual([
      {
        object: {
          apiVersion: 'bitnami.com/v1alpha1',
          kind: 'SealedSecret',
          metadata: { name: 'litellm', namespace: 'ai' },
          spec: { encryptedData: { 'master-key': '' } },
        },
        file: 'deploy/services/litellm/sealedsecret-litellm.yaml',
        service: 'litellm',
        configPath: 'services.litellm',
      },
    ]);
  });
});

describe('platformTreeInput', () => {
  it('ties objects read from disk to their service and key by the annotations render writes, and lists unsealed secrets once', () => {
    const plan = {
      services: [{ name: 'litellm', configPath: 'services.litellm' }],
      secrets: [litellmSecret, { ...litellmSecret, name: 'litellm-db' }],
    } as unknown as Plan;
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'litellm', namespace: 'ai', annotations: { 'shai.dev/service': 'litellm' } },
    };
    const sealed = {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: 'litellm-db', namespace: 'ai' },
    };
    const { input, unsealed } = platformTreeInput(
      config,
      plan,
      [
        { object: deployment, file: 'deploy/services/litellm/deployment-litellm.yaml', line: 1 },
        { object: sealed, file: 'deploy/services/litellm/sealedsecret-litellm-db.yaml', line: 1 },
      ],
      'deploy',
    );
    expect(input.objects[0]).toMatchObject({ service: 'litellm', configPath: 'services.litellm', line: 1 });
    expect(unsealed.map((s) => s.name)).toEqual(['litellm']);
    expect(input.objects.at(-1)).toMatchObject({
      object: { kind: 'SealedSecret', metadata: { name: 'litellm' } },
      file: 'deploy/services/litellm/sealedsecret-litellm.yaml',
    });
    expect(input.nodes?.map((n) => n.metadata.name)).toEqual(['gpu-1']);
  });
});
