/**
 * Random platform.yaml documents for the verdict test: service subsets, node shapes, GPU models, models,
 * backup and alerts, from a seed (same seed, same document). Many are invalid on purpose; the test needs
 * plan to refuse exactly what render or check would.
 */
import { registry } from '../../src/services/registry.ts';

/** mulberry32: a small deterministic PRNG, so a failing seed can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GPUS = [
  { model: 'RTX 3060', vramGiB: 12 },
  { model: 'RTX 3090', vramGiB: 24 },
  { model: 'RTX 4090', vramGiB: 24 },
  { model: 'RTX 5080', vramGiB: 16 },
];

const MODELS = [
  { name: 'llama3.2:3b', purpose: 'general', capabilities: ['chat', 'tools'] },
  { name: 'qwen2.5:7b', purpose: 'general', capabilities: ['chat', 'tools'] },
  { name: 'qwen2.5-coder:7b', purpose: 'code', capabilities: ['chat', 'completion', 'tools'] },
  { name: 'nomic-embed-text:v1.5', purpose: 'embedding', capabilities: ['embedding'] },
  { name: 'llama3.2:1b', purpose: 'small', capabilities: ['chat'] },
];

/** Services a platform may well go without, in the groups that go together. */
const OPTIONAL = [
  ['n8n'],
  ['mcp-servers'],
  ['comfyui'],
  ['arc-controller', 'arc-runners'],
  ['kube-prometheus-stack', 'loki', 'alloy'],
  ['loki', 'alloy'],
  ['velero', 'minio'],
  ['kyverno', 'kyverno-policies'],
  ['longhorn'],
  ['traefik', 'namespaces'],
];

/** The device-plugin config key of a GPU model, as docs/platform.md documents it (lower case, dashes). */
const configKey = (model: string) => model.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** One random platform document (plain data, to be written as YAML). */
export function randomPlatform(seed: number): Record<string, unknown> {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const count = 1 + Math.floor(r() * 3);
  const gpuNodes = r() < 0.55 ? 1 + (count > 1 && r() < 0.4 ? 1 : 0) : 0;
  const nodes = Array.from({ length: count }, (_, i) => {
    const gpu = i >= count - gpuNodes ? pick(GPUS) : undefined;
    const node: Record<string, unknown> = {
      name: `node-${i}`,
      roles: i === 0 ? ['control-plane', 'worker', 'storage'] : ['worker'],
      arch: r() < 0.08 ? 'arm64' : 'amd64',
      cpu: pick([4, 8, 16, 32]),
      memory: pick(['16Gi', '32Gi', '64Gi', '128Gi']),
    };
    if (i === 0) node.storage = [{ path: '/data', size: pick(['500Gi', '2Ti']) }];
    if (gpu) {
      (node.roles as string[]).push('gpu');
      node.gpus = [
        {
          ...gpu,
          sharing: { strategy: 'time-slicing', replicas: pick([2, 4]) },
          driver: pick(['host', 'operator']),
        },
      ];
      // A second GPU node with its own config: the label is set right half the time.
      if (r() < 0.5) node.labels = { 'nvidia.com/device-plugin.config': configKey(gpu.model) };
    }
    return node;
  });
  const services: Record<string, unknown> = {};
  // Groups a user switches off together (most platforms pass), then now and then any one service (most fail).
  for (const group of OPTIONAL) if (r() < 0.35) for (const s of group) services[s] = { enabled: false };
  for (const def of registry) {
    if (def.defaultEnabled && r() < 0.03) services[def.name] = { enabled: false };
    else if (!def.defaultEnabled && r() < 0.1) services[def.name] = { enabled: true };
  }
  const off = (s: string) => (services[s] as { enabled?: boolean } | undefined)?.enabled === false;
  const hasGpu = gpuNodes > 0;
  const models = MODELS.filter(() => r() < 0.35).map((m, i) => ({
    ...m,
    placement: hasGpu ? pick(['cpu', 'gpu', 'both']) : 'cpu',
    alias: `${m.purpose}-${i}`,
    ...(r() < 0.3 ? { keepLoaded: true } : {}),
  }));
  const doc: Record<string, unknown> = {
    apiVersion: 'shai.dev/v1alpha1',
    kind: 'Platform',
    cluster: { name: `corpus-${seed}`, k3sVersion: 'v1.33.10+k3s1', nodes },
    domain: 'lab.home.arpa',
    gitops: { repoURL: 'https://github.com/example/corpus.git', path: 'deploy' },
    services,
    models,
  };
  if (!off('velero') && !off('minio') && r() < 0.7)
    doc.backup = {
      target: {
        endpoint: 'http://minio.backup.svc.cluster.local:9000',
        bucket: 'velero',
        credentials: { name: 'backup-s3', key: 'cloud' },
      },
    };
  return doc;
}
