import type { ServiceDef } from '../types.ts';
import { IMAGES } from '../versions.ts';
import { ollamaObjects } from './ollama.ts';

/** What sets one Ollama instance apart from the other: where it runs, on what, with which resources. */
type Own = Pick<ServiceDef, 'name' | 'title' | 'description' | 'namespace' | 'resources' | 'gpu'>;

/**
 * An Ollama instance (CPU or GPU): the same image, port, ReadWriteOnce models volume and model-pull Job, each
 * call a fresh definition.
 */
export function ollamaInstance({ name, title, description, namespace, gpu, resources }: Own): ServiceDef {
  return {
    name,
    title,
    description,
    layer: 'ai',
    namespace,
    wave: 1,
    defaultEnabled: true,
    images: { main: IMAGES.ollama },
    ports: [{ name: 'http', port: 11434 }],
    needs: [],
    exposes: [],
    secrets: [],
    ...(gpu ? { gpu } : {}),
    storage: [
      { name: 'models', size: '100Gi', mountPath: '/models', accessMode: 'ReadWriteOnce', backup: false },
    ],
    egress: { internet: true },
    network: {
      selfCalls: [{ port: 'http', why: 'the model-pull Job asks this instance to pull its models' }],
    },
    backup: { kind: 'none', reason: 'models are pulled again from the registry' },
    scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'the models volume is ReadWriteOnce' },
    resources,
    podSecurity: { level: 'restricted' },
    build: (ctx) => ({ objects: ollamaObjects(ctx) }),
  };
}
