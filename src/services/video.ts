import { env } from '../render/refs.ts';
import { workload } from '../render/workload.ts';
import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';

/** The video server on a GPU: text to video and image to video (AnimateDiff-Lightning, Stable Video Diffusion). */
export const video: ServiceDef = {
  name: 'video',
  title: 'Video generation',
  description: 'HTTP API for short video clips from text or an image.',
  layer: 'ai',
  namespace: 'gpu',
  wave: 2,
  defaultEnabled: true,
  images: { main: IMAGES.video },
  archs: ['amd64'],
  ports: [{ name: 'http', port: 5005 }],
  needs: [],
  exposes: [{ port: 'http', subdomain: 'video', auth: 'forward-auth', kind: 'api', healthPath: '/health' }],
  secrets: [],
  gpu: { mode: 'required', slices: 1, vramGiB: 10 },
  storage: [
    { name: 'models', size: '50Gi', mountPath: '/models', accessMode: 'ReadWriteOnce', backup: false },
  ],
  egress: { internet: true },
  backup: { kind: 'none', reason: 'model weights are downloaded again; outputs are returned to the caller' },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'a ReadWriteOnce models volume and one GPU slice' },
  resources: resources('1', '6Gi', '4', '14Gi'),
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
