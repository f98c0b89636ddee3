import { ollamaInstance } from './shared/ollama-instance.ts';
import { resources } from './helpers.ts';

/** Ollama on a GPU: the main chat, code and vision models. */
export const ollamaGpu = ollamaInstance({
  name: 'ollama-gpu',
  title: 'Ollama (GPU)',
  description: 'Serves the models placed on gpu (or both) with one GPU slice and a models volume.',
  namespace: 'gpu',
  gpu: { mode: 'required', slices: 1, vramGiB: 1 },
  resources: resources('1', '8Gi', '8', '24Gi'),
});
