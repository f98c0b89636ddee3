import { gpuMediaServer } from './shared/gpu-media.ts';
import { resources } from './helpers.ts';
import { IMAGES } from './versions.ts';

/** The audio server on a GPU: text to speech, sound effects and music (Bark, AudioLDM2, MusicGen). */
export const audio = gpuMediaServer({
  name: 'audio',
  title: 'Audio generation',
  description: 'HTTP API for text to speech, sound effects and music, used by n8n workflows and Open WebUI.',
  image: IMAGES.audio,
  port: 5004,
  vramGiB: 6,
  defaultEnabled: false,
  modelsSize: '30Gi',
  resources: resources('1', '4Gi', '4', '12Gi'),
});
