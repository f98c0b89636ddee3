import { imageToImage } from './image-to-image.ts';
import { textToImage } from './text-to-image.ts';
import type { ComfyGraph } from './types.ts';
import { upscale } from './upscale.ts';

/** One API-format workflow shai ships: what it is for and its graph for a checkpoint, with example inputs. */
export interface ComfyWorkflow {
  id: string;
  purpose: string;
  graph: (checkpoint: string) => ComfyGraph;
}

const NEGATIVE = 'blurry, low quality, watermark';

/** The workflows, in the order docs list them. */
export const COMFY_WORKFLOWS: ComfyWorkflow[] = [
  {
    id: 'text-to-image',
    purpose: "A prompt to one image (Open WebUI's image generation and n8n's image-request use it).",
    graph: (checkpoint) =>
      textToImage({ checkpoint, prompt: 'a red fox in the snow', negative: NEGATIVE, seed: 1, steps: 25 }),
  },
  {
    id: 'image-to-image',
    purpose: 'An uploaded image redrawn after a prompt, its composition kept (denoise 0.6).',
    graph: (checkpoint) =>
      imageToImage({
        checkpoint,
        image: 'input.png',
        prompt: 'the same scene as a watercolour',
        negative: NEGATIVE,
        seed: 1,
        steps: 25,
        denoise: 0.6,
      }),
  },
  {
    id: 'upscale',
    purpose: 'An uploaded image at twice its size, detail added by the checkpoint at low denoise.',
    graph: (checkpoint) =>
      upscale({ checkpoint, image: 'input.png', prompt: 'sharp, detailed', scale: 2, seed: 1, steps: 20 }),
  },
  {
    id: 'batch',
    purpose: 'Four variations of a prompt in one run (one latent batch, one seed).',
    graph: (checkpoint) =>
      textToImage({
        checkpoint,
        prompt: 'a lighthouse at dusk',
        negative: NEGATIVE,
        seed: 1,
        steps: 25,
        batch: 4,
      }),
  },
];
