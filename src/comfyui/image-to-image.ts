import type { ComfyGraph } from './types.ts';

/**
 * Image to image in ComfyUI's API format: an image of ComfyUI's input folder (uploaded with `POST /upload/image`)
 * encoded to a latent and sampled again with `denoise` < 1, so its composition stays. Node ids follow
 * text-to-image's where the node is the same (3 sampler, 4 checkpoint, 6/7 prompts, 8 decode, 9 save).
 */
export function imageToImage(o: {
  checkpoint: string;
  image: string;
  prompt: string;
  negative: string;
  seed: number;
  steps: number;
  denoise: number;
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
        latent_image: ['11', 0],
      },
    },
    '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: o.checkpoint } },
    '6': { class_type: 'CLIPTextEncode', inputs: { text: o.prompt, clip: ['4', 1] } },
    '7': { class_type: 'CLIPTextEncode', inputs: { text: o.negative, clip: ['4', 1] } },
    '8': { class_type: 'VAEDecode', inputs: { samples: ['3', 0], vae: ['4', 2] } },
    '9': { class_type: 'SaveImage', inputs: { filename_prefix: 'shai-img2img', images: ['8', 0] } },
    '10': { class_type: 'LoadImage', inputs: { image: o.image } },
    '11': { class_type: 'VAEEncode', inputs: { pixels: ['10', 0], vae: ['4', 2] } },
  };
}
