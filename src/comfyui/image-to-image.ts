import { sampledGraph } from './graph.ts';
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
    ...sampledGraph({ ...o, latent: '11', savePrefix: 'shai-img2img' }),
    '10': { class_type: 'LoadImage', inputs: { image: o.image } },
    '11': { class_type: 'VAEEncode', inputs: { pixels: ['10', 0], vae: ['4', 2] } },
  };
}
