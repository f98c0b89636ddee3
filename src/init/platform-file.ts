import { stringify } from 'yaml';
import type { InitAnswers, NodeAnswer } from './answers.ts';

/** Services that only run on a GPU: off when no node has one. */
const GPU_SERVICES = ['gpu-operator', 'ollama-gpu', 'comfyui', 'audio', 'video'];

function nodeEntry(n: NodeAnswer, first: boolean): Record<string, unknown> {
  const roles = first ? ['control-plane', 'worker', 'storage'] : ['worker'];
  if (n.gpu) roles.push('gpu');
  return {
    name: n.name,
    roles,
    arch: n.arch,
    cpu: n.cpu,
    memory: n.memory,
    ...(first ? { storage: [{ path: '/var/lib/longhorn', size: n.disk ?? '200Gi' }] } : {}),
    // Only GPU workloads land on a GPU node that is not the first one.
    ...(n.gpu && !first ? { taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }] } : {}),
    // Time-slicing lets Ollama, ComfyUI and the other GPU services share the card (VRAM is not partitioned).
    ...(n.gpu
      ? {
          gpus: [
            {
              vendor: 'nvidia',
              model: n.gpu.model,
              vramGiB: n.gpu.vramGiB,
              count: 1,
              sharing: { strategy: 'time-slicing', replicas: 4 },
            },
          ],
        }
      : {}),
  };
}

/** The models a new platform starts with: small enough for a CPU node, on the GPU when there is one. */
function models(gpu: boolean): Record<string, unknown>[] {
  return [
    {
      name: 'llama3.2:3b',
      purpose: 'general',
      capabilities: ['chat', 'tools'],
      placement: gpu ? 'gpu' : 'cpu',
      keepLoaded: true,
      alias: 'general',
    },
    {
      name: 'nomic-embed-text:v1.5',
      purpose: 'embedding',
      capabilities: ['embedding'],
      placement: 'cpu',
      keepLoaded: true,
      alias: 'embed',
    },
  ];
}

/** A starting platform.yaml: the answers, every default service, the GPU services only with a GPU. */
export function platformYaml(a: InitAnswers): string {
  const gpu = a.nodes.some((n) => n.gpu);
  const services: Record<string, unknown> = {
    // Runners need a GitHub App (shai secrets set arc-runners/github-app ...): enable them when you have one.
    'arc-controller': { enabled: false },
    'arc-runners': { enabled: false },
    ...(gpu ? {} : Object.fromEntries(GPU_SERVICES.map((s) => [s, { enabled: false }]))),
  };
  const doc = {
    apiVersion: 'shai.dev/v1alpha1',
    kind: 'Platform',
    cluster: { name: a.name, k3sVersion: a.k3sVersion, nodes: a.nodes.map((n, i) => nodeEntry(n, i === 0)) },
    domain: a.domain,
    gitops: { repoURL: a.repoURL, revision: 'main', path: 'deploy' },
    sso: { realm: a.name, adminGroup: 'platform-admins' },
    services,
    models: models(gpu),
  };
  return [
    `# Written by shai init. Every key is documented in shai's docs/platform.md; \`shai plan\` shows what it runs.`,
    `# Every service answers at <subdomain>.${a.domain}: point a wildcard DNS record *.${a.domain} at a node.`,
    stringify(doc, { lineWidth: 0 }),
  ].join('\n');
}
