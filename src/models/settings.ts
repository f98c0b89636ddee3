import type { Plan, PlannedService } from '../plan/types.ts';
import { lookupModel, type ModelSpec } from './catalog.ts';
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

/**
 * Architectures Ollama loads with one slot whatever OLLAMA_NUM_PARALLEL says (server/sched.go `load`: "Some
 * architectures are not safe with num_parallel > 1", ollama/ollama#4165).
 */
const SINGLE_SLOT_ARCHITECTURES = [
  'mllama',
  'qwen3vl',
  'qwen3vlmoe',
  'qwen35',
  'qwen35moe',
  'qwen3next',
  'lfm2',
  'lfm2moe',
  'nemotron_h',
  'nemotron_h_moe',
];
/** The GGUF architecture of catalogued models on that list (the catalog keeps shapes, not architectures). */
const ARCHITECTURE_BY_NAME: [RegExp, string][] = [
  [/^llama3\.2-vision:/, 'mllama'],
  [/^qwen3-vl:/, 'qwen3vl'],
  [/^qwen3-next:/, 'qwen3next'],
];

/** The architecture Ollama would report for a model, when it changes how the model is loaded. */
export function architectureOf(name: string, reported?: string): string | undefined {
  return reported ?? ARCHITECTURE_BY_NAME.find(([re]) => re.test(name))?.[1];
}

/** The parallel slots Ollama really gives one model, and why when that is not the instance's setting. */
export function effectiveParallel(
  spec: ModelSpec,
  numParallel: number,
  architecture?: string,
): { numParallel: number; reason?: string } {
  if (numParallel <= 1) return { numParallel: Math.max(1, numParallel) };
  // Embedding models (no completion capability) are always loaded with parallel=1 (server/sched.go `load`).
  if (spec.kind === 'embedding') return { numParallel: 1, reason: 'embedding models run 1 parallel slot' };
  const arch = architectureOf(spec.name, architecture);
  if (arch && SINGLE_SLOT_ARCHITECTURES.includes(arch)) {
    return { numParallel: 1, reason: `Ollama forces 1 parallel slot for the ${arch} architecture` };
  }
  return { numParallel };
}

/**
 * Declared VRAM (GiB) of the other GPU services placed on a node, by service. They are Deployments with at least
 * one replica, so they are all resident at the same time as Ollama: time-slicing shares compute, not memory. On a
 * node with several cards the device plugin picks the card of each slice, so this assumes the worst case: all of
 * them on Ollama's card.
 */
export function gpuReservations(plan: Plan, node: string): Record<string, number> {
  const reserved: Record<string, number> = {};
  for (const s of [...plan.services].sort((a, b) => a.name.localeCompare(b.name))) {
    if (s.name.startsWith('ollama-') || !s.def.gpu || s.placement.gpuSlices === 0) continue;
    if (s.placement.nodes.includes(node) && s.def.gpu.vramGiB > 0) reserved[s.name] = s.def.gpu.vramGiB;
  }
  return reserved;
}

/**
 * VRAM of the card Ollama may get on a node, in bytes (0 without one): its smallest NVIDIA card, since the
 * device plugin, not shai, picks the card of each slice. `check` reads the same figure from the node's
 * nvidia.com/gpu.memory label (check/platform.ts), so both budget the same card.
 */
export function cardBytes(plan: Plan, node: string): number {
  const n = plan.config.cluster.nodes.find((x) => x.name === node);
  const vram = (n?.gpus ?? []).filter((g) => g.vendor === 'nvidia').map((g) => g.vramGiB);
  return vram.length ? Math.min(...vram) * GiB : 0;
}

/** What Ollama may use on a node's card: its VRAM minus the other GPU services' declared VRAM. */
export function ollamaVram(plan: Plan, node: string): number {
  const reserved = Object.values(gpuReservations(plan, node)).reduce((a, b) => a + b, 0);
  return Math.max(0, cardBytes(plan, node) - reserved * GiB);
}

/**
 * GPU instances keep models resident (24h) with flash attention and a q8_0 KV cache, which halves context
 * memory; CPU instances unload sooner. Context: the largest any placed model asks for (8192 otherwise).
 * Parallel requests: 2 on a GPU when every placed catalogued model still fits Ollama's share of the card (VRAM
 * minus the other GPU services) at its effective slots, else 1. Loaded-model limit: the keepLoaded models plus one.
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
  // Nodes without a declared card give no bound (the budget stays unknown, not zero).
  const budgets = self.placement.nodes.filter((n) => cardBytes(plan, n) > 0).map((n) => ollamaVram(plan, n));
  const budget = budgets.length ? Math.min(...budgets) : Infinity;
  const fitsTwice = placed.every((m) => {
    const spec = lookupModel(m.model.name);
    if (!spec) return true;
    const slots = effectiveParallel(spec, 2).numParallel;
    const e = estimateMemory(spec, { ...base, numParallel: slots, gpuOverheadBytes: 0 });
    return e.totalGpu <= budget;
  });
  return { ...base, numParallel: fitsTwice ? 2 : 1 };
}
