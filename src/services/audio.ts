import { env } from '../render/refs.ts';
import { workload } from '../render/workload.ts';
import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';

/** The audio server on a GPU: text to speech, sound effects and music (Bark, AudioLDM2, MusicGen). */
export const audio: ServiceDef = {
  name: 'audio',
  title: 'Audio generation',
  description: 'HTTP API for text to speech, sound effects and music, used by n8n workflows and Open WebUI.',
  layer: 'ai',
  namespace: 'gpu',
  wave: 2,
  defaultEnabled: true,
  images: { main: IMAGES.audio },
  archs: ['amd64'],
  ports: [{ name: 'http', port: 5004 }],
  needs: [],
  exposes: [{ port: 'http', subdomain: 'audio', auth: 'forward-auth', kind: 'api', healthPath: '/health' }],
  secrets: [],
  gpu: { mode: 'required', slices: 1, vramGiB: 6 },
  storage: [
    { name: 'models', size: '30Gi', mountPath: '/models', accessMode: 'ReadWriteOnce', backup: false },
  ],
  egress: { internet: true },
  backup: { kind: 'none', reason: 'model weights are downloaded again; outputs are returned to the caller' },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'a ReadWriteOnce models volume and one GPU slice' },
  resources: resources('1', '4Gi', '4', '12Gi'),
  podSecurity: { level: 'baseline', reason: 'the image runs as root (no USER in its Dockerfile)' },

  build: (ctx) => ({
    objects: workload(ctx, {
      containers: [
        {
          env: [env('HF_HOME', '/models/huggingface')],
          liveness: { http: '/health', initialDelaySeconds: 60 },
          readiness: { http: '/health' },
          startup: { http: '/health', periodSeconds: 10, failureThreshold: 60 },
          runAsRoot: ctx.self.def.podSecurity.reason ?? 'the image runs as root',
        },
      ],
    }),
  }),
};
