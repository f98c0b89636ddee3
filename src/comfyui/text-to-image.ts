import type { ComfyGraph } from './types.ts';

/**
 * Text to image in ComfyUI's API format: the node ids (3 KSampler, 4 checkpoint, 5 latent, 6 positive, 7
 * negative, 8 decode, 9 save) are those of ComfyUI's own default graph, the ones Open WebUI's ComfyUI settings
 * name by default. `checkpoint` is a file of the models volume's checkpoints folder.
 */
export function textToImage(o: {
  checkpoint: string;
  prompt: string;
  negative: string;
  seed: number;
  steps: number;
  width?: number;
  height?: number;
  batch?: number;
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
        denoise: 1,
        model: ['4', 0],
        positive: ['6', 0],
        negative: ['7', 0],
        latent_image: ['5', 0],
      },
    },
    '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: o.checkpoint } },
    '5': {
      class_type: 'EmptyLatentImage',
      inputs: { width: o.width ?? 1024, height: o.height ?? 1024, batch_size: o.batch ?? 1 },
    },
    '6': { class_type: 'CLIPTextEncode', inputs: { text: o.prompt, clip: ['4', 1] } },
    '7': { class_type: 'CLIPTextEncode', inputs: { text: o.negative, clip: ['4', 1] } },
    '8': { class_type: 'VAEDecode', inputs: { samples: ['3', 0], vae: ['4', 2] } },
    '9': { class_type: 'SaveImage', inputs: { filename_prefix: 'shai', images: ['8', 0] } },
  };
}
