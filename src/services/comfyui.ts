import { workload } from '../render/workload.ts';
import { declareVram } from './shared/gpu-media.ts';
import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';

/** ComfyUI on a GPU: node-based image generation, also the image backend of Open WebUI. */
export const comfyui: ServiceDef = {
  name: 'comfyui',
  title: 'ComfyUI',
  description: 'Image (and video) generation workflows on one GPU slice.',
  layer: 'ai',
  namespace: 'gpu',
  wave: 2,
  defaultEnabled: true,
  images: { main: IMAGES.comfyui },
  archs: ['amd64'],
  ports: [{ name: 'http', port: 8188 }],
  needs: [],
  exposes: [
    { port: 'http', subdomain: 'comfy', auth: 'forward-auth', kind: 'ui', healthPath: '/system_stats' },
  ],
  secrets: [],
  gpu: { mode: 'required', slices: 1, vramGiB: 8 },
  storage: [
    {
      name: 'models',
      size: '100Gi',
      mountPath: '/workspace/ComfyUI/models',
      accessMode: 'ReadWriteOnce',
      backup: false,
    },
    {
      name: 'output',
      size: '20Gi',
      mountPath: '/workspace/ComfyUI/output',
      accessMode: 'ReadWriteOnce',
      backup: true,
    },
  ],
  egress: { internet: true },
  backup: { kind: 'volume', volumes: ['output'] },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'ReadWriteOnce volumes and one GPU slice' },
  resources: resources('500m', '4Gi', '4', '16Gi'),
  podSecurity: {
    level: 'baseline',
    reason: 'the image starts as root to fix volume ownership before dropping privileges',
  },

  build: (ctx) => ({
    objects: declareVram(
      workload(ctx, {
        containers: [
          {
            liveness: { http: '/system_stats', initialDelaySeconds: 60 },
            readiness: { http: '/system_stats' },
            startup: { http: '/system_stats', periodSeconds: 10, failureThreshold: 60 },
            runAsRoot: ctx.self.def.podSecurity.reason ?? 'the image runs as root',
          },
        ],
      }),
      ctx.self.def.gpu!.vramGiB,
    ),
  }),
};
