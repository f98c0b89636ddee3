import { lookupModel } from '../../models/catalog.ts';
import { estimateMemory, gib, layersThatFit, type KvCacheType } from '../../models/estimate.ts';
import { KEEP_LOADED_ANNOTATION } from '../../render/ollama.ts';
import { GPU, gpuRequest } from '../gpu.ts';
import { containersOf, isObject, workloads } from '../pods.ts';
import { fail, pass, skipped, where } from '../result.ts';
import type { Rule, RuleResult } from '../types.ts';

const MiB = 1024 ** 2;
const GPU_MEMORY_LABEL = 'nvidia.com/gpu.memory';

type Env = Record<string, string>;

function envOf(container: { env?: unknown[] }): Env {
  const out: Env = {};
  for (const e of container.env ?? []) {
    if (isObject(e) && typeof e.name === 'string' && e.value !== undefined) out[e.name] = String(e.value);
  }
  return out;
}

/** Models an instance pulls: the `ollama pull X` lines of its `<name>-pull-models` Job. */
function pulled(script: string): string[] {
  return [...script.matchAll(/ollama pull (\S+)/g)].map((m) => m[1]!);
}

/** Every model an Ollama instance on a GPU pulls fits the GPU's VRAM; keepLoaded models fit together. */
export const modelFitsGpu: Rule = {
  id: 'model-fits-gpu',
  title: 'Models placed on a GPU fit its memory',
  severity: 'error',
  family: 'scheduling',
  targets: ['Deployment', 'StatefulSet', 'Job', 'Node'],
  needsNodes: true,
  fix: 'Move the model to the CPU instance, lower OLLAMA_CONTEXT_LENGTH / OLLAMA_NUM_PARALLEL, quantize the KV cache, or pick a smaller quantization (`shai models plan` suggests one).',
  docs:
    'For each Ollama workload requesting `' + GPU + '`, the models its `<name>-pull-models` Job pulls are estimated with ' +
    "the workload's env (OLLAMA_CONTEXT_LENGTH, OLLAMA_NUM_PARALLEL, OLLAMA_KV_CACHE_TYPE, OLLAMA_FLASH_ATTENTION, " +
    'OLLAMA_GPU_OVERHEAD) against the `' + GPU_MEMORY_LABEL + '` label (MiB) of the nodes it can land on. A model that ' +
    'does not fit at all fails; one that spills layers to CPU, or keepLoaded models (`' + KEEP_LOADED_ANNOTATION + '` on ' +
    'the Job) that together exceed the VRAM, warn. Models outside the catalog are skipped.',
  check: (ctx) => {
    const out: RuleResult[] = [];
    for (const w of workloads(ctx.objects)) {
      const main = containersOf(w.template).find((c) => !c.init && /ollama\/ollama/.test(String(c.container.image ?? '')));
      if (!main || gpuRequest(w.template) === 0 || w.source.object.kind === 'Job') continue;
      const name = w.source.object.metadata?.name ?? '';
      const ns = w.source.object.metadata?.namespace;
      const job = ctx.index.get('Job', ns, `${name}-pull-models`);
      const script = JSON.stringify(job?.object.spec ?? '');
      const models = pulled(script.replace(/\\n/g, '\n'));
      const selector = (w.template.spec?.nodeSelector ?? {}) as Record<string, string>;
      const nodes = (ctx.nodes ?? []).filter((n) =>
        Object.entries(selector).every(([k, v]) => n.metadata?.labels?.[k] === v),
      );
      const vrams = nodes.map((n) => Number(n.metadata?.labels?.[GPU_MEMORY_LABEL])).filter((v) => v > 0);
      if (!vrams.length) {
        out.push(skipped(w.source, `no node it can run on has a ${GPU_MEMORY_LABEL} label`));
        continue;
      }
      const budget = Math.min(...vrams) * MiB;
      const env = envOf(main.container as { env?: unknown[] });
      const rt = {
        contextLength: Number(env.OLLAMA_CONTEXT_LENGTH) || 4096,
        numParallel: Number(env.OLLAMA_NUM_PARALLEL) || 1,
        kvCacheType: (env.OLLAMA_KV_CACHE_TYPE || 'f16') as KvCacheType,
        flashAttention: env.OLLAMA_FLASH_ATTENTION === '1' || env.OLLAMA_FLASH_ATTENTION === 'true',
        gpuOverheadBytes: Number(env.OLLAMA_GPU_OVERHEAD) || 0,
      };
      const keep = new Set(String(job?.object.metadata?.annotations?.[KEEP_LOADED_ANNOTATION] ?? '').split(',').filter(Boolean));
      let keepBytes = 0;
      for (const m of models) {
        const spec = lookupModel(m);
        if (!spec) continue;
        const e = estimateMemory(spec, rt);
        if (keep.has(m)) keepBytes += e.totalGpu;
        const layers = layersThatFit(e, budget);
        const need = `${m} needs ${gib(e.totalGpu)} of ${gib(budget)} VRAM`;
        if (layers === 0) out.push(fail(job ?? w.source, `${where(w.source)}: ${need}; it does not fit the GPU at all`));
        else if (layers < e.offloadableLayers) {
          out.push({ ...fail(job ?? w.source, `${where(w.source)}: ${need}; ${e.offloadableLayers - layers} layers spill to CPU`), severity: 'warning' });
        }
      }
      if (keepBytes > budget) {
        out.push({ ...fail(w.source, `${where(w.source)}: keepLoaded models need ${gib(keepBytes)} together, more than ${gib(budget)} VRAM`), severity: 'warning' });
      }
      if (!out.some((r) => r.object === w.source || r.object === job)) out.push(pass(w.source));
    }
    return out;
  },
};
