// Benchmark of `shai render`'s core: build, validate and serialise the whole tree in memory (no writing),
// for the default platform and for a large generated one (50 nodes with GPU nodes, every service, 40 models).
// Issue 3 target: the default platform renders, validated, in under 1 s of CPU.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { parseConfig } from '../src/config/load.ts';
import { plan } from '../src/plan/plan.ts';
import type { Plan } from '../src/plan/types.ts';
import { renderTree } from '../src/render/tree.ts';
import { registry } from '../src/services/registry.ts';
import { median, type Bench } from './types.ts';

const FILE = resolve(import.meta.dirname, '../platform.yaml');
const RUNS = 5;

const PURPOSES = ['general', 'code', 'reasoning', 'vision', 'embedding', 'small'] as const;
const CAPABILITIES: Record<(typeof PURPOSES)[number], string[]> = {
  general: ['chat', 'tools'],
  code: ['chat', 'completion', 'tools'],
  reasoning: ['chat', 'thinking'],
  vision: ['chat', 'vision'],
  embedding: ['embedding'],
  small: ['chat'],
};

/** platform.yaml of a large cluster: 40 CPU nodes (some arm64), 10 tainted GPU nodes, every service, 40 models. */
export function largePlatformYaml(base: Record<string, unknown>): string {
  const nodes: Record<string, unknown>[] = [];
  for (let i = 0; i < 40; i++) {
    nodes.push({
      name: `node-${i}`,
      roles: i < 3 ? ['control-plane', 'worker', 'storage'] : ['worker', ...(i % 4 === 0 ? ['storage'] : [])],
      arch: i % 10 === 9 ? 'arm64' : 'amd64',
      cpu: 32,
      memory: '256Gi',
      ...(i % 4 === 0 || i < 3 ? { storage: [{ path: '/data', size: '4Ti' }] } : {}),
    });
  }
  for (let i = 0; i < 10; i++) {
    nodes.push({
      name: `gpu-${i}`,
      roles: ['worker', 'gpu'],
      arch: 'amd64',
      cpu: 64,
      memory: '512Gi',
      taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
      gpus: [
        {
          vendor: 'nvidia',
          model: 'H100',
          vramGiB: 80,
          count: 4,
          sharing: { strategy: 'time-slicing', replicas: 4 },
          driver: 'operator',
        },
      ],
    });
  }
  const models = Array.from({ length: 40 }, (_, i) => {
    const purpose = PURPOSES[i % PURPOSES.length]!;
    return {
      name: `model-${i}:7b`,
      purpose,
      capabilities: CAPABILITIES[purpose],
      placement: (['gpu', 'cpu', 'both'] as const)[i % 3],
      alias: `model-${i}`,
    };
  });
  const services = Object.fromEntries(registry.map((s) => [s.name, { enabled: true }]));
  const cluster = { ...(base.cluster as Record<string, unknown>), name: 'large', nodes };
  return stringify({ ...base, cluster, services, models }, { version: '1.1' });
}

/** CPU milliseconds (user + system) of one in-memory render. */
async function cpuMs(p: Plan): Promise<{ ms: number; files: number; objects: number }> {
  const start = process.cpuUsage();
  const tree = await renderTree(p);
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, files: tree.files.size, objects: tree.manifest.length };
}

async function measure(p: Plan): Promise<{ first: number; median: number; files: number; objects: number }> {
  const first = await cpuMs(p); // includes loading the schemas of the kinds in use
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await cpuMs(p));
  return {
    first: first.ms,
    median: median(runs.map((r) => r.ms)),
    files: first.files,
    objects: first.objects,
  };
}

/** Validated render of the default and of the large platform, in CPU time. */
export const renderBench: Bench = {
  name: 'render',
  async run() {
    const text = await readFile(FILE, 'utf8');
    const small = plan(parseConfig(text, FILE, registry), registry);
    const base = parseConfig(text, FILE, registry) as unknown as Record<string, unknown>;
    const largeText = largePlatformYaml({ ...base, services: undefined, models: undefined });
    const large = plan(parseConfig(largeText, 'large-platform.yaml', registry), registry);
    const d = await measure(small);
    const l = await measure(large);
    return [
      `render of platform.yaml: ${d.median.toFixed(0)} ms CPU median of ${RUNS} (first ${d.first.toFixed(0)} ms); large platform ${l.median.toFixed(0)} ms CPU`,
      `  default: ${small.services.length} services, ${d.objects} objects, ${d.files} files, validated; first render ${d.first.toFixed(0)} ms CPU (loads schemas), then ${d.median.toFixed(0)} ms`,
      `  large (${large.config.cluster.nodes.length} nodes, ${large.services.length} services, ${large.models.length} models): ${l.objects} objects, ${l.files} files; first ${l.first.toFixed(0)} ms CPU, then ${l.median.toFixed(0)} ms`,
    ];
  },
};
