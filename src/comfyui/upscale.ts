import type { ComfyGraph } from './types.ts';

/**
 * Upscaling in ComfyUI's API format without an upscale model file: the input image is scaled by `scale` and
 * sampled again at low denoise with the checkpoint, which adds detail at the new size ("hires fix"). Only the
 * checkpoint the models volume already holds is needed.
 */
export function upscale(o: {
  checkpoint: string;
  image: string;
  prompt: string;
  scale: number;
  seed: number;
  steps: number;
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
        denoise: 0.35,
        model: ['4', 0],
        positive: ['6', 0],
        negative: ['7', 0],
        latent_image: ['11', 0],
      },
    },
    '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: o.checkpoint } },
    '6': { class_type: 'CLIPTextEncode', inputs: { text: o.prompt, clip: ['4', 1] } },
    '7': { class_type: 'CLIPTextEncode', inputs: { text: 'blurry, artifacts', clip: ['4', 1] } },
    '8': { class_type: 'VAEDecode', inputs: { samples: ['3', 0], vae: ['4', 2] } },
    '9': { class_type: 'SaveImage', inputs: { filename_prefix: 'shai-upscaled', images: ['8', 0] } },
    '10': { class_type: 'LoadImage', inputs: { image: o.image } },
    '12': {
      class_type: 'ImageScaleBy',
      inputs: { image: ['10', 0], upscale_method: 'lanczos', scale_by: o.scale },
    },
    '11': { class_type: 'VAEEncode', inputs: { pixels: ['12', 0], vae: ['4', 2] } },
  };
}
