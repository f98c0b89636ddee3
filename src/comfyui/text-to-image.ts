import { sampledGraph } from './graph.ts';
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
    ...sampledGraph({ ...o, denoise: 1, latent: '5', savePrefix: 'shai' }),
    '5': {
      class_type: 'EmptyLatentImage',
      inputs: { width: o.width ?? 1024, height: o.height ?? 1024, batch_size: o.batch ?? 1 },
    },
  };
}
