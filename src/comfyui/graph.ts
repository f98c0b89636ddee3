import type { ComfyGraph } from './types.ts';

/**
 * The nodes every shai workflow shares, under the ids of ComfyUI's own default graph: 3 KSampler, 4 checkpoint,
 * 6/7 positive and negative prompts, 8 decode, 9 save. `latent` is the id of the node the sampler starts from.
 */
export function sampledGraph(o: {
  checkpoint: string;
  prompt: string;
  negative: string;
  seed: number;
  steps: number;
  denoise: number;
  latent: string;
  savePrefix: string;
}): ComfyGraph {
  return {
    '3': {
      class_type: 'KSampler',
      inputs: {
        seed: o.seed,
        steps: o.steps,
        cfg: 7,
        sampler_name: 'euler',
        scheduler: 'normal',
        denoise: o.denoise,
        model: ['4', 0],
        positive: ['6', 0],
        negative: ['7', 0],
        latent_image: [o.latent, 0],
      },
    },
    '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: o.checkpoint } },
    '6': { class_type: 'CLIPTextEncode', inputs: { text: o.prompt, clip: ['4', 1] } },
    '7': { class_type: 'CLIPTextEncode', inputs: { text: o.negative, clip: ['4', 1] } },
    '8': { class_type: 'VAEDecode', inputs: { samples: ['3', 0], vae: ['4', 2] } },
    '9': { class_type: 'SaveImage', inputs: { filename_prefix: o.savePrefix, images: ['8', 0] } },
  };
}
