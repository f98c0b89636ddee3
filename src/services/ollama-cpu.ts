import { ollamaInstance } from './shared/ollama-instance.ts';
import { resources } from './helpers.ts';

/** Ollama on CPU nodes: small and embedding models without taking a GPU slice. */
export const ollamaCpu = ollamaInstance({
  name: 'ollama-cpu',
  title: 'Ollama (CPU)',
  description: 'Serves the models placed on cpu (or both) from a models volume.',
  namespace: 'ai',
  resources: resources('2', '8Gi', '16', '32Gi'),
});
