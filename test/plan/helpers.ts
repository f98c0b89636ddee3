import { platformSchema, type Config } from '../../src/config/schema.ts';
import type { ServiceDef } from '../../src/services/types.ts';
import { fakeService } from '../helpers/service-def.ts';

/** A small service definition for plan tests; build is never called. */
export const def = fakeService;

/** A CPU node as platform.yaml writes it. */
export const cpuNode = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  roles: ['control-plane', 'worker', 'storage'],
  cpu: 16,
  memory: '64Gi',
  ...extra,
});

/** A GPU workstation node, tainted so that only GPU pods land there. */
export const gpuNode = (name: string, replicas = 4, extra: Record<string, unknown> = {}) => ({
  name,
  roles: ['worker', 'gpu'],
  cpu: 20,
  memory: '48Gi',
  taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
  gpus: [{ model: 'RTX 5080', vramGiB: 16, sharing: { strategy: 'time-slicing', replicas } }],
  ...extra,
});

/** A Config with defaults applied by the real schema, as the loader would produce it. */
export function config(registry: readonly ServiceDef[], input: Record<string, unknown> = {}): Config {
  return platformSchema(registry.map((d) => d.name)).parse({
    apiVersion: 'shai.dev/v1alpha1',
    kind: 'Platform',
    cluster: { name: 'lab', k3sVersion: 'v1.33.5+k3s1', nodes: [cpuNode('box')] },
    domain: 'lab.example',
    gitops: { repoURL: 'https://git.example/lab.git' },
    ...input,
  });
}

/** The nodes entry of a config input. */
export const cluster = (...nodes: Record<string, unknown>[]) => ({
  cluster: { name: 'lab', k3sVersion: 'v1.33.5+k3s1', nodes },
});
