import { importedWorkflows } from './workflows.ts';
import type { Config } from '../config/schema.ts';
import type { PlanWarning, PlannedService } from './types.ts';

/** The GPU servers the multimodal pipeline calls, in the order it calls them for each scene. */
export const PIPELINE_GPU_SERVICES = ['comfyui', 'video', 'audio'] as const;

/** How the multimodal pipeline shares the card(s) its GPU servers are placed on. */
export interface PipelineGpu {
  /**
   * The servers' declared VRAM exceeds a card they share, but each fits alone: the workflow runs them one after
   * the other and has ComfyUI unload its models (`POST /free`) before the video and audio servers run. Those
   * two load their models with CPU offload (diffusers' enable_model_cpu_offload, Bark's enable_cpu_offload in
   * their server.py), so each holds the card only while it generates.
   */
  queued: boolean;
  warnings: PlanWarning[];
}

/** VRAM (GiB) of a node's smallest NVIDIA card, the one the device plugin may hand any slice (0 without one). */
function cardGiB(config: Config, node: string): number {
  const vram = (config.cluster.nodes.find((n) => n.name === node)?.gpus ?? [])
    .filter((g) => g.vendor === 'nvidia')
    .map((g) => g.vramGiB);
  return vram.length ? Math.min(...vram) : 0;
}

/**
 * Whether the multimodal pipeline's GPU servers fit their cards: together (each keeps its models loaded), or
 * queued (one at a time, see `queued`), and a warning per card where even one of them alone does not fit.
 * Nothing to say when the pipeline is not imported (its missing services are warned about already).
 */
export function pipelineGpu(config: Config, services: readonly PlannedService[]): PipelineGpu {
  const names = new Set(services.map((s) => s.name));
  if (!importedWorkflows(config, names).includes('multimodal-pipeline'))
    return { queued: false, warnings: [] };
  const gpu = services.filter((s) => (PIPELINE_GPU_SERVICES as readonly string[]).includes(s.name));
  const nodes = [...new Set(gpu.flatMap((s) => s.placement.nodes))].sort();
  let queued = false;
  const warnings: PlanWarning[] = [];
  for (const node of nodes) {
    const card = cardGiB(config, node);
    const on = gpu.filter((s) => s.placement.nodes.includes(node));
    const declared = on.map((s) => `${s.name} ${s.def.gpu?.vramGiB ?? 0} GiB`).join(', ');
    const total = on.reduce((sum, s) => sum + (s.def.gpu?.vramGiB ?? 0), 0);
    if (!card || total <= card) continue;
    const tooBig = on.filter((s) => (s.def.gpu?.vramGiB ?? 0) > card);
    if (!tooBig.length) {
      queued = true;
      continue;
    }
    warnings.push({
      message:
        `n8n workflow multimodal-pipeline cannot run on node ${node}: ${tooBig.map((s) => s.name).join(', ')} ` +
        `alone need(s) more than its ${card} GiB card, even one server at a time (declared: ${declared}). ` +
        'Place the GPU servers on a larger card or disable the workflow.',
      configPath: 'workflows.multimodal-pipeline',
    });
  }
  return { queued, warnings };
}
