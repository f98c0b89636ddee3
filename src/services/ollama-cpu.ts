import { ollamaObjects } from './shared/ollama.ts';
import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';

/** Ollama on CPU nodes: small and embedding models without taking a GPU slice. */
export const ollamaCpu: ServiceDef = {
  name: 'ollama-cpu',
  title: 'Ollama (CPU)',
  description: 'Serves the models placed on cpu (or both) from a models volume.',
  layer: 'ai',
  namespace: 'ai',
  wave: 1,
  defaultEnabled: true,
  images: { main: IMAGES.ollama },
  ports: [{ name: 'http', port: 11434 }],
  needs: [],
  exposes: [],
  secrets: [],
  storage: [
    { name: 'models', size: '100Gi', mountPath: '/models', accessMode: 'ReadWriteOnce', backup: false },
  ],
  egress: { internet: true },
  network: { selfCalls: [{ port: 'http', why: 'the model-pull Job asks this instance to pull its models' }] },
  backup: { kind: 'none', reason: 'models are pulled again from the registry' },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'the models volume is ReadWriteOnce' },
  resources: resources('2', '8Gi', '16', '32Gi'),
  podSecurity: { level: 'restricted' },
  build: (ctx) => ({ objects: ollamaObjects(ctx) }),
};
