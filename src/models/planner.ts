import { parseQuantity } from '../k8s/quantity.ts';
import type { Plan, PlannedService } from '../plan/types.ts';
import {
  cardBytes,
  effectiveParallel,
  gpuReservations,
  instanceSettings as ollamaSettings,
} from './settings.ts';
import { lookupModel, type ModelSpec } from './catalog.ts';
import {
  estimateMemory,
  guessSpec,
  layersThatFit,
  type MemoryEstimate,
  type RuntimeSettings,
} from './estimate.ts';

const GiB = 1024 ** 3;
/** Download size assumed for a model nobody could measure: a 7B model at Q4_K_M. */
const UNKNOWN_SIZE = 4.7e9;

/** Where a model's figures come from: the catalog, Ollama's own `/api/show`, or a guess from its size. */
export type FigureSource = 'catalog' | 'ollama' | 'guess';

/** What a reachable Ollama reported for a model outside the catalog (read at the edge, see ollama-client.ts). */
export interface ShownModel {
  /** Figures from `/api/show` model_info, when it carried the architecture keys. */
  spec?: ModelSpec;
  /** `general.architecture` (decides e.g. forced single-slot loading). */
  architecture?: string;
  /** The size `/api/tags` lists, when the model is pulled. */
  sizeBytes?: number;
}

/** Where one model lands on one Ollama instance and whether it fits. */
export interface ModelFit {
  model: string;
  alias: string;
  instance: string;
  keepLoaded: boolean;
  /** Where the figures come from. */
  source: FigureSource;
  /** Figures are a size-based guess (`source === 'guess'`). */
  guessed: boolean;
  /** Parallel slots the model really gets (Ollama forces 1 for some architectures and for embeddings). */
  numParallel: number;
  /** Why numParallel is below the instance's OLLAMA_NUM_PARALLEL. */
  parallelNote?: string;
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
  /** Bytes the instance may use: GPU VRAM minus the other GPU services' declared VRAM (policy `declared`), or on CPU the smaller of its memory limit and the node memory the other pods leave. */
  budget: number;
  /** VRAM of the card (GPU instances; 0 on CPU). */
  cardBytes: number;
  /** CPU instances: its container's memory limit and the node memory the other pods leave (budget is the smaller). */
  memory?: { limit?: number; left: number };
  /** Other GPU services' declared VRAM (GiB) on the same node, by service. */
  reserved: Record<string, number>;
  settings: RuntimeSettings;
  models: ModelFit[];
  /** Bytes the keepLoaded models take together. */
  keepLoadedBytes: number;
  /** keepLoaded models plus the other GPU services' declared VRAM exceed the card. */
  overcommitted: boolean;
}

/** The whole model plan. */
export interface ModelPlan {
  instances: InstancePlan[];
  /** Notes about how the figures were obtained (e.g. an unreachable Ollama). */
  notes: string[];
}

/**
 * How much of a time-sliced GPU the planner leaves to the other GPU services on the node. Time-slicing does not
 * partition memory: Ollama sees the whole GPU and loads until it is full. `declared` (the default) budgets VRAM
 * minus every other GPU service's declared vramGiB, since those Deployments are resident at the same time; `none`
 * shows what the whole card would hold (the reservations and any overcommit are still reported).
 */
export type ReservePolicy = 'declared' | 'none';

/**
 * Where a CPU instance's pod lands and the memory it may use there, as the scheduler simulation of `shai check`
 * finds it (pod-schedulable, model-fits-gpu): the smaller of its container's memory limit and what the other pods
 * on the node leave.
 */
export interface CpuRoom {
  node: string;
  limit?: number;
  left: number;
  budget: number;
}

/** Inputs of the planner besides the Plan: everything read from the network is passed in. */
export interface PlanOptions {
  /** Per CPU instance (service name): where the simulation placed it and its memory there. */
  rooms?: ReadonlyMap<string, readonly CpuRoom[]>;
  reserve?: ReservePolicy;
  /** Figures a reachable Ollama reported, by model name (only models outside the catalog are asked). */
  shown?: ReadonlyMap<string, ShownModel>;
  /** Notes to carry into the plan (how `shown` was obtained). */
  notes?: readonly string[];
}

/** Catalog spec, else Ollama's reported figures, else a guess from the reported (or an assumed) size. */
export function specFor(
  name: string,
  shown?: ShownModel,
): { spec: ModelSpec; source: FigureSource; architecture?: string } {
  const known = lookupModel(name);
  if (known) return { spec: known, source: 'catalog' };
  const arch = shown?.architecture ? { architecture: shown.architecture } : {};
  if (shown?.spec) return { spec: shown.spec, source: 'ollama', ...arch };
  return { spec: guessSpec(name, shown?.sizeBytes ?? UNKNOWN_SIZE), source: 'guess', ...arch };
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
 * Without the simulation: each node the instance may land on, with the smaller of its container's memory limit
 * and the node's memory (the other pods are not subtracted; `shai models plan` passes the simulation's rooms,
 * and comes here only when the simulation could not place the instance).
 */
function roomsWithoutSimulation(plan: Plan, svc: PlannedService): CpuRoom[] {
  const limit = parseQuantity(svc.resources.limits.memory);
  return [...svc.placement.nodes].sort().map((node) => {
    const n = plan.config.cluster.nodes.find((x) => x.name === node);
    const left = (n && parseQuantity(String(n.memory))) || 0;
    return {
      node,
      ...(limit !== undefined ? { limit } : {}),
      left,
      budget: Math.min(limit ?? Infinity, left),
    };
  });
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

function fitOne(
  plan: Plan,
  svc: PlannedService,
  base: RuntimeSettings,
  budget: number,
  gpu: boolean,
  opts: PlanOptions,
) {
  return plan.models
    .filter((m) => m.instances.includes(svc.name))
    .map((m): ModelFit => {
      const { spec, source, architecture } = specFor(m.model.name, opts.shown?.get(m.model.name));
      const slots = effectiveParallel(spec, base.numParallel, architecture);
      const rt = { ...base, numParallel: slots.numParallel };
      const estimate = estimateMemory(spec, rt);
      const gpuLayers = gpu ? layersThatFit(estimate, budget) : 0;
      const fit = gpu
        ? gpuLayers === estimate.offloadableLayers
          ? 'full'
          : gpuLayers > 0
            ? 'partial'
            : 'none'
        : estimate.totalCpu <= budget
          ? 'full'
          : 'none';
      const suggestion = fit === 'full' ? undefined : suggest(spec, rt, budget, gpu);
      return {
        model: m.model.name,
        alias: m.alias,
        instance: svc.name,
        keepLoaded: m.model.keepLoaded,
        source,
        guessed: source === 'guess',
        numParallel: slots.numParallel,
        ...(slots.reason ? { parallelNote: slots.reason } : {}),
        estimate,
        fit,
        gpuLayers,
        ...(suggestion ? { suggestion } : {}),
      };
    });
}

/** Plans every Ollama instance of the platform: per GPU node and for the CPU node. Pure: figures come in `opts`. */
export function planModels(plan: Plan, opts: PlanOptions = {}): ModelPlan {
  const policy = opts.reserve ?? 'declared';
  const instances: InstancePlan[] = [];
  const notes = [...(opts.notes ?? [])];
  for (const svc of plan.services.filter((s) => s.name.startsWith('ollama-'))) {
    const gpu = svc.placement.gpuSlices > 0;
    const rt = runtime(plan, svc);
    const simulated = opts.rooms?.get(svc.name);
    // Not placed by the simulation: still planned, against its limit and the whole node, and said so.
    if (!gpu && simulated?.length === 0)
      notes.push(
        `${svc.name} finds no node in the scheduler simulation (shai plan says why); its budget here is its memory limit or the whole node`,
      );
    const rooms = gpu
      ? [...svc.placement.nodes].sort().map((node) => ({ node }))
      : simulated?.length
        ? simulated
        : roomsWithoutSimulation(plan, svc);
    for (const room of rooms) {
      const node = room.node;
      const card = gpu ? cardBytes(plan, node) : 0;
      const reserved = gpu ? gpuReservations(plan, node) : {};
      const reservedBytes = Object.values(reserved).reduce((a, b) => a + b, 0) * GiB;
      const cpu = 'budget' in room ? (room as CpuRoom) : undefined;
      const budget = gpu
        ? Math.max(0, card - (policy === 'declared' ? reservedBytes : 0))
        : (cpu?.budget ?? 0);
      const models = fitOne(plan, svc, rt, budget, gpu, opts);
      const keepLoadedBytes = models
        .filter((m) => m.keepLoaded)
        .reduce((a, m) => a + (gpu ? m.estimate.totalGpu : m.estimate.totalCpu), 0);
      const overcommitted = gpu && keepLoadedBytes + reservedBytes > card;
      instances.push({
        instance: svc.name,
        node,
        kind: gpu ? 'gpu' : 'cpu',
        budget,
        ...(cpu
          ? { memory: { ...(cpu.limit !== undefined ? { limit: cpu.limit } : {}), left: cpu.left } }
          : {}),
        cardBytes: card,
        reserved,
        settings: rt,
        models,
        keepLoadedBytes,
        overcommitted,
      });
    }
  }
  return { instances, notes };
}

/** The models of the plan that are not in the catalog: the ones worth asking a live Ollama about. */
export function uncatalogued(plan: Plan): string[] {
  return [...new Set(plan.models.map((m) => m.model.name))].filter((n) => !lookupModel(n)).sort();
}
