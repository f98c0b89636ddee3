import { ollamaObjects } from './shared/ollama.ts';
import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';

/** Ollama on a GPU: the main chat, code and vision models. */
export const ollamaGpu: ServiceDef = {
  name: 'ollama-gpu',
  title: 'Ollama (GPU)',
  description: 'Serves the models placed on gpu (or both) with one GPU slice and a models volume.',
  layer: 'ai',
  namespace: 'gpu',
  wave: 1,
  defaultEnabled: true,
  images: { main: IMAGES.ollama },
  ports: [{ name: 'http', port: 11434 }],
  needs: [],
  exposes: [],
  secrets: [],
  gpu: { mode: 'required', slices: 1, vramGiB: 1 },
  storage: [
    { name: 'models', size: '100Gi', mountPath: '/models', accessMode: 'ReadWriteOnce', backup: false },
  ],
  egress: { internet: true },
  network: { selfCalls: [{ port: 'http', why: 'the model-pull Job asks this instance to pull its models' }] },
  backup: { kind: 'none', reason: 'models are pulled again from the registry' },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'the models volume is ReadWriteOnce' },
  resources: resources('1', '8Gi', '8', '24Gi'),
  podSecurity: { level: 'restricted' },
  build: (ctx) => ({ objects: ollamaObjects(ctx) }),
};
