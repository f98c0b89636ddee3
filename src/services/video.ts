import { gpuMediaServer } from './shared/gpu-media.ts';
import { resources } from './helpers.ts';
import { IMAGES } from './versions.ts';

/** The video server on a GPU: text to video and image to video (AnimateDiff-Lightning, Stable Video Diffusion). */
export const video = gpuMediaServer({
  name: 'video',
  title: 'Video generation',
  description: 'HTTP API for short video clips from text or an image.',
  image: IMAGES.video,
  port: 5005,
  vramGiB: 10,
  defaultEnabled: false,
  modelsSize: '50Gi',
  resources: resources('1', '6Gi', '4', '14Gi'),
});
