import { sampledGraph } from './graph.ts';
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
    ...sampledGraph({
      ...o,
      negative: 'blurry, artifacts',
      denoise: 0.35,
      latent: '11',
      savePrefix: 'shai-upscaled',
    }),
    '10': { class_type: 'LoadImage', inputs: { image: o.image } },
    '12': {
      class_type: 'ImageScaleBy',
      inputs: { image: ['10', 0], upscale_method: 'lanczos', scale_by: o.scale },
    },
    '11': { class_type: 'VAEEncode', inputs: { pixels: ['12', 0], vae: ['4', 2] } },
  };
}
