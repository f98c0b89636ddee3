import { parseQuantity } from '../k8s/quantity.ts';
import type { Plan, PlannedService } from '../plan/types.ts';
import { instanceSettings as ollamaSettings } from './settings.ts';
import { lookupModel, type ModelSpec } from './catalog.ts';
import { estimateMemory, guessSpec, layersThatFit, type MemoryEstimate, type RuntimeSettings } from './estimate.ts';

const GiB = 1024 ** 3;

/** Where one model lands on one Ollama instance and whether it fits. */
export interface ModelFit {
  model: string;
  alias: string;
  instance: string;
  keepLoaded: boolean;
  /** Figures are a size-based guess (model not in the catalog). */
  guessed: boolean;
  estimate: MemoryEstimate;
  fit: 'full' | 'partial' | 'none';
  /** Layers on the GPU (GPU instances), of estimate.offloadableLayers. */
  gpuLayers: number;
  /** What would make a model that does not fully fit fit, if anything. */
  suggestion?: string;
}

/** The memory one Ollama instance plans with. */
export interface InstancePlan {
  instance: string;
  node: string;
  kind: 'gpu' | 'cpu';
  /** Bytes the instance may use: GPU VRAM minus the other GPU services' declared vramGiB, or node RAM. */
  budget: number;
  /** Other services' declared VRAM (GiB) on the same GPU node, by service; subtracted only with `declared`. */
  reserved: Record<string, number>;
  settings: RuntimeSettings;
  models: ModelFit[];
  /** Bytes the keepLoaded models take together. */
  keepLoadedBytes: number;
}

/** The whole model plan. */
export interface ModelPlan {
  instances: InstancePlan[];
}

/** Catalog spec, or a size guess for an uncatalogued model (assumes a 7B-sized download). */
export function specFor(name: string, known?: ModelSpec): { spec: ModelSpec; guessed: boolean } {
  const spec = known ?? lookupModel(name);
  return spec ? { spec, guessed: false } : { spec: guessSpec(name, 4.7e9), guessed: true };
}

function runtime(plan: Plan, svc: PlannedService): RuntimeSettings {
  const s = ollamaSettings(plan, svc);
  return {
    contextLength: s.contextLength,
    numParallel: s.numParallel,
    kvCacheType: s.kvCacheType,
    flashAttention: s.flashAttention,
    gpuOverheadBytes: 0,
  };
}

/**
 * How much of a time-sliced GPU the planner leaves to the other GPU services on the node. Time-slicing does not
 * partition memory: Ollama sees the whole GPU and loads until it is full. `declared` budgets VRAM minus every
 * other GPU service's declared vramGiB (safe when they run at the same time); `none` gives Ollama the whole card
 * (the default: services that share a card by turns and declare more than it holds can never all be resident,
 * so reserving their sum would reject any model; the reservations are still reported).
 */
export type ReservePolicy = 'declared' | 'none';

function gpuBudget(plan: Plan, node: string, policy: ReservePolicy): { budget: number; reserved: Record<string, number> } {
  const n = plan.config.cluster.nodes.find((x) => x.name === node);
  const vram = Math.max(0, ...(n?.gpus ?? []).map((g) => g.vramGiB));
  const reserved: Record<string, number> = {};
  for (const s of plan.services) {
    if (s.name.startsWith('ollama-') || !s.def.gpu || s.placement.gpuSlices === 0) continue;
    if (s.placement.nodes.includes(node) && s.def.gpu.vramGiB > 0) reserved[s.name] = s.def.gpu.vramGiB;
  }
  const used = policy === 'declared' ? Object.values(reserved).reduce((a, b) => a + b, 0) : 0;
  return { budget: Math.max(0, vram - used) * GiB, reserved };
}

function ramBudget(plan: Plan, node: string): number {
  const n = plan.config.cluster.nodes.find((x) => x.name === node);
  return (n && parseQuantity(String(n.memory))) || 0;
}

/** The smaller context (halving down to 2048) or quantization that would make the model fit, if any. */
function suggest(spec: ModelSpec, rt: RuntimeSettings, budget: number, gpu: boolean): string | undefined {
  const need = (e: MemoryEstimate) => (gpu ? e.totalGpu : e.totalCpu);
  for (let ctx = rt.contextLength / 2; ctx >= 2048; ctx /= 2) {
    if (need(estimateMemory(spec, { ...rt, contextLength: ctx })) <= budget) return `contextLength ${ctx}`;
  }
  if (gpu && rt.kvCacheType !== 'q4_0' && !spec.noFlashAttention) {
    const q = { ...rt, flashAttention: true, kvCacheType: 'q4_0' as const };
    if (need(estimateMemory(spec, q)) <= budget) return 'OLLAMA_KV_CACHE_TYPE q4_0 with flash attention';
  }
  // A 3-bit quant (Q3_K_M) is about 0.8× the Q4_K_M download.
  const smaller = { ...spec, sizeBytes: spec.sizeBytes * 0.8 };
  if (need(estimateMemory(smaller, rt)) <= budget) return 'a q3_K_M quantization of the same model';
  return undefined;
}

function fitOne(plan: Plan, svc: PlannedService, rt: RuntimeSettings, budget: number, gpu: boolean) {
  return plan.models
    .filter((m) => m.instances.includes(svc.name))
    .map((m): ModelFit => {
      const { spec, guessed } = specFor(m.model.name);
      const estimate = estimateMemory(spec, rt);
      const gpuLayers = gpu ? layersThatFit(estimate, budget) : 0;
      const fit = gpu
        ? gpuLayers === estimate.offloadableLayers ? 'full' : gpuLayers > 0 ? 'partial' : 'none'
        : estimate.totalCpu <= budget ? 'full' : 'none';
      const suggestion = fit === 'full' ? undefined : suggest(spec, rt, budget, gpu);
      return {
        model: m.model.name, alias: m.alias, instance: svc.name, keepLoaded: m.model.keepLoaded, guessed,
        estimate, fit, gpuLayers, ...(suggestion ? { suggestion } : {}),
      };
    });
}

/** Plans every Ollama instance of the platform: per GPU node and for the CPU node. */
export function planModels(plan: Plan, policy: ReservePolicy = 'none'): ModelPlan {
  const instances: InstancePlan[] = [];
  for (const svc of plan.services.filter((s) => s.name.startsWith('ollama-'))) {
    const gpu = svc.placement.gpuSlices > 0;
    const rt = runtime(plan, svc);
    for (const node of [...svc.placement.nodes].sort()) {
      const { budget, reserved } = gpu ? gpuBudget(plan, node, policy) : { budget: ramBudget(plan, node), reserved: {} };
      const models = fitOne(plan, svc, rt, budget, gpu);
      const keepLoadedBytes = models
        .filter((m) => m.keepLoaded)
        .reduce((a, m) => a + (gpu ? m.estimate.totalGpu : m.estimate.totalCpu), 0);
      instances.push({ instance: svc.name, node, kind: gpu ? 'gpu' : 'cpu', budget, reserved, settings: rt, models, keepLoadedBytes });
    }
  }
  return { instances };
}
