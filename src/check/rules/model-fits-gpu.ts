import { lookupModel } from '../../models/catalog.ts';
import {
  estimateMemory,
  gib,
  layersThatFit,
  type KvCacheType,
  type RuntimeSettings,
} from '../../models/estimate.ts';
import { effectiveParallel } from '../../models/settings.ts';
import { KEEP_LOADED_ANNOTATION, listOf, MODELS_ANNOTATION, VRAM_ANNOTATION } from '../../k8s/annotations.ts';
import type { KubeObject } from '../../k8s/object.ts';
import { GPU, gpuRequest } from '../gpu.ts';
import { containersOf, isObject, workloads, type Container } from '../../semantics/pods.ts';
import { memoryRoom, type MemoryRoom } from '../../semantics/scheduler/budgets.ts';
import { simulate, type Simulation } from '../../semantics/scheduler/simulate.ts';
import { standIns } from '../scheduling-stand-ins.ts';
import { fail, pass, skipped, where } from '../result.ts';
import type { Rule, RuleResult, SourcedObject } from '../types.ts';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const GPU_MEMORY_LABEL = 'nvidia.com/gpu.memory';

type Workload = ReturnType<typeof workloads>[number];

function envOf(container: { env?: unknown[] }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of container.env ?? []) {
    if (isObject(e) && typeof e.name === 'string' && e.value !== undefined) out[e.name] = String(e.value);
  }
  return out;
}

function runtimeOf(env: Record<string, string>): RuntimeSettings {
  return {
    contextLength: Number(env.OLLAMA_CONTEXT_LENGTH) || 4096,
    numParallel: Number(env.OLLAMA_NUM_PARALLEL) || 1,
    kvCacheType: (env.OLLAMA_KV_CACHE_TYPE || 'f16') as KvCacheType,
    flashAttention: env.OLLAMA_FLASH_ATTENTION === '1' || env.OLLAMA_FLASH_ATTENTION === 'true',
    gpuOverheadBytes: Number(env.OLLAMA_GPU_OVERHEAD) || 0,
  };
}

/** An annotation of the instance's pull Job that lists models. */
function listed(job: KubeObject | undefined, key: string): string[] {
  return listOf(job?.metadata?.annotations?.[key]);
}

/** Nodes a pod template's nodeSelector admits. */
function nodesFor(w: Workload, nodes: readonly KubeObject[]): KubeObject[] {
  const selector = (w.template.spec?.nodeSelector ?? {}) as Record<string, string>;
  return nodes.filter((n) => Object.entries(selector).every(([k, v]) => n.metadata?.labels?.[k] === v));
}

/** Declared VRAM (GiB) of the other GPU workloads that can share a node with the Ollama workload. */
function reservations(all: Workload[], self: Workload, nodes: KubeObject[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of all) {
    const gibs = Number(o.source.object.metadata?.annotations?.[VRAM_ANNOTATION]);
    if (o === self || !(gibs > 0) || gpuRequest(o.template) === 0) continue;
    const theirs = new Set(nodesFor(o, nodes).map((n) => n.metadata.name));
    if (!nodes.some((n) => theirs.has(n.metadata.name))) continue;
    const replicas = Number((o.source.object.spec as { replicas?: number } | undefined)?.replicas ?? 1);
    out[o.source.object.metadata.name] = gibs * replicas;
  }
  return out;
}

/** Every model an Ollama instance on a GPU pulls fits the VRAM the other GPU services leave it; keepLoaded fit too. */
export const modelFitsGpu: Rule = {
  id: 'model-fits-gpu',
  title: 'Models fit the memory they are placed in',
  severity: 'error',
  family: 'scheduling',
  targets: ['Deployment', 'StatefulSet', 'Job', 'Node'],
  needsNodes: true,
  fix: 'Move the model to the CPU instance, lower OLLAMA_CONTEXT_LENGTH / OLLAMA_NUM_PARALLEL, quantize the KV cache, pick a smaller quantization (`shai models plan` suggests one), or turn off a GPU service that shares the card.',
  docs:
    'For each Ollama workload requesting `' +
    GPU +
    '`, the models its `<name>-pull-models` Job pulls (its `' +
    MODELS_ANNOTATION +
    '` annotation) are estimated with ' +
    "the workload's env (OLLAMA_CONTEXT_LENGTH, OLLAMA_NUM_PARALLEL, OLLAMA_KV_CACHE_TYPE, OLLAMA_FLASH_ATTENTION, " +
    'OLLAMA_GPU_OVERHEAD; one slot for embedding models and the architectures Ollama loads with one) against the `' +
    GPU_MEMORY_LABEL +
    '` label (MiB) of the nodes it can land on, minus the VRAM that the other GPU workloads able to ' +
    'run on those nodes declare (`' +
    VRAM_ANNOTATION +
    '` annotation, GiB per replica): time-slicing shares compute, ' +
    'not memory. A model that does not fit at all fails; one that spills layers to CPU warns, and so do keepLoaded ' +
    'models (`' +
    KEEP_LOADED_ANNOTATION +
    '` on the Job) that together with the other GPU workloads exceed the card. ' +
    'An Ollama workload without a GPU (the CPU instance) is judged the same way against the memory its container may use ' +
    'where the scheduler simulation of pod-schedulable places it: the smaller of its memory limit (above it the kernel kills ' +
    'Ollama while it loads) and the node memory the other pods there request (chart and operator pods included); a model ' +
    'above it fails, keepLoaded models above it together warn. Models outside the catalog are skipped.',
  check: (ctx) => {
    const out: RuleResult[] = [];
    const all = workloads(ctx.objects);
    let sim: Simulation | undefined;
    for (const w of all) {
      const main = containersOf(w.template).find(
        (c) => !c.init && /ollama\/ollama/.test(String(c.container.image ?? '')),
      );
      if (!main || w.source.object.kind === 'Job') continue;
      const name = w.source.object.metadata?.name ?? '';
      const job = ctx.index.get('Job', w.source.object.metadata?.namespace, `${name}-pull-models`);
      if (gpuRequest(w.template) === 0) {
        sim ??= simulate([...ctx.objects, ...standIns(ctx.objects)], ctx.nodes ?? []);
        out.push(...cpuFit(w, main.container, job, memoryRoom(sim, w.source, main.container)));
      } else out.push(...gpuFit(w, all, main.container, job, ctx.nodes ?? []));
    }
    return out;
  },
};

/** The catalog models the instance's pull Job lists, each estimated with its container's Ollama settings. */
function pulledModels(container: Container, job: SourcedObject | undefined) {
  const rt = runtimeOf(envOf(container as { env?: unknown[] }));
  const keep = new Set(listed(job?.object, KEEP_LOADED_ANNOTATION));
  return listed(job?.object, MODELS_ANNOTATION).flatMap((model) => {
    const spec = lookupModel(model);
    if (!spec) return [];
    const numParallel = effectiveParallel(spec, rt.numParallel).numParallel;
    return [{ model, estimate: estimateMemory(spec, { ...rt, numParallel }), keep: keep.has(model) }];
  });
}

/** A warning when the keepLoaded models need more than `budget` together (`of` says what the budget is). */
function keepLoadedOver(w: Workload, bytes: number, budget: number, of: string): RuleResult[] {
  if (bytes <= budget) return [];
  const msg = `${where(w.source)}: keepLoaded models need ${gib(bytes)} together, more than the ${of}`;
  return [{ ...fail(w.source, msg), severity: 'warning' }];
}

/**
 * A GPU instance: each model it pulls must fit the smallest card of the nodes it can run on, less the VRAM the
 * other GPU workloads able to share those nodes declare; a model that spills layers to CPU warns.
 */
function gpuFit(
  w: Workload,
  all: Workload[],
  container: Container,
  job: SourcedObject | undefined,
  allNodes: readonly KubeObject[],
): RuleResult[] {
  const nodes = nodesFor(w, allNodes);
  const vrams = nodes.map((n) => Number(n.metadata?.labels?.[GPU_MEMORY_LABEL])).filter((v) => v > 0);
  if (!vrams.length) return [skipped(w.source, `no node it can run on has a ${GPU_MEMORY_LABEL} label`)];
  const card = Math.min(...vrams) * MiB;
  const reserved = reservations(all, w, nodes);
  const reservedBytes = Object.values(reserved).reduce((a, b) => a + b, 0) * GiB;
  const others = Object.entries(reserved)
    .map(([k, v]) => `${k} ${v} GiB`)
    .join(', ');
  const budget = Math.max(0, card - reservedBytes);
  const of = others ? `${gib(budget)} left of ${gib(card)} VRAM by ${others}` : `${gib(card)} VRAM`;
  const models = pulledModels(container, job);
  const out: RuleResult[] = [];
  for (const { model, estimate: e } of models) {
    const layers = layersThatFit(e, budget);
    const need = `${model} needs ${gib(e.totalGpu)} of the ${of}`;
    if (layers === 0)
      out.push(fail(job ?? w.source, `${where(w.source)}: ${need}; it does not fit the GPU at all`));
    else if (layers < e.offloadableLayers) {
      const spill = `${where(w.source)}: ${need}; ${e.offloadableLayers - layers} layers spill to CPU`;
      out.push({ ...fail(job ?? w.source, spill), severity: 'warning' });
    }
  }
  const keepBytes = models.reduce((sum, m) => sum + (m.keep ? m.estimate.totalGpu : 0), 0);
  out.push(...keepLoadedOver(w, keepBytes, budget, of));
  return out.length ? out : [pass(w.source)];
}

/**
 * A CPU instance: each model it pulls must fit the memory its container may use where it runs (its limit, and
 * what the node's other pods leave): above the limit the kernel kills Ollama while loading. keepLoaded models
 * must fit together.
 */
function cpuFit(
  w: Workload,
  container: Container,
  job: SourcedObject | undefined,
  rooms: MemoryRoom[],
): RuleResult[] {
  if (!rooms.length) return []; // not placed: pod-schedulable says why
  const room = rooms.reduce((a, b) => (b.budget < a.budget ? b : a));
  const of =
    room.limit !== undefined && room.limit <= room.left
      ? `${gib(room.limit)} memory limit of its container`
      : `${gib(room.left)} of memory the other pods on ${room.node} leave it`;
  const models = pulledModels(container, job);
  const out: RuleResult[] = models
    .filter((m) => m.estimate.totalCpu > room.budget)
    .map((m) =>
      fail(
        job ?? w.source,
        `${where(w.source)}: ${m.model} needs ${gib(m.estimate.totalCpu)}, more than the ${of}; it does not fit`,
      ),
    );
  const keepBytes = models.reduce((sum, m) => sum + (m.keep ? m.estimate.totalCpu : 0), 0);
  out.push(...keepLoadedOver(w, keepBytes, room.budget, of));
  return out.length ? out : [pass(w.source)];
}
