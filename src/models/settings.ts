import type { Plan, PlannedService } from '../plan/types.ts';
import { lookupModel } from './catalog.ts';
import { estimateMemory, type KvCacheType } from './estimate.ts';

/** The runtime settings of one Ollama instance, derived from the models placed on it. */
export interface OllamaSettings {
  keepAlive: string;
  flashAttention: boolean;
  kvCacheType: KvCacheType;
  numParallel: number;
  maxLoadedModels: number;
  contextLength: number;
}

const GiB = 1024 ** 3;

/** VRAM of the smallest NVIDIA card on the nodes the instance can land on (0 when none). */
function vramOf(plan: Plan, self: PlannedService): number {
  const cards = plan.config.cluster.nodes
    .filter((n) => self.placement.nodes.includes(n.name))
    .flatMap((n) => n.gpus.map((g) => g.vramGiB));
  return cards.length ? Math.min(...cards) * GiB : 0;
}

/**
 * GPU instances keep models resident (24h) with flash attention and a q8_0 KV cache, which halves context
 * memory; CPU instances unload sooner. Context: the largest any placed model asks for (8192 otherwise).
 * Parallel requests: 2 on a GPU when every placed catalogued model still fits the card fully at twice the
 * context memory, else 1 (each slot multiplies the KV cache). Loaded-model limit: the keepLoaded models plus one.
 */
export function instanceSettings(plan: Plan, self: PlannedService): OllamaSettings {
  const onGpu = self.placement.gpuSlices > 0;
  const placed = plan.models.filter((m) => m.instances.includes(self.name));
  const resident = placed.filter((m) => m.model.keepLoaded).length;
  const contexts = placed.map((m) => m.model.contextLength ?? 0).filter((c) => c > 0);
  const base: OllamaSettings = {
    keepAlive: onGpu ? '24h' : '30m',
    flashAttention: onGpu,
    kvCacheType: onGpu ? 'q8_0' : 'f16',
    numParallel: 1,
    maxLoadedModels: Math.max(1, resident + 1),
    contextLength: contexts.length ? Math.max(...contexts) : 8192,
  };
  if (!onGpu) return base;
  const vram = vramOf(plan, self);
  const fitsTwice = placed.every((m) => {
    const spec = lookupModel(m.model.name);
    if (!spec) return true;
    const e = estimateMemory(spec, { ...base, numParallel: 2, gpuOverheadBytes: 0 });
    return vram === 0 || e.totalGpu <= vram;
  });
  return { ...base, numParallel: fitsTwice ? 2 : 1 };
}
