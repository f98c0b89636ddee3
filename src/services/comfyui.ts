import { comfyuiImage } from '../images/comfyui.ts';
import { env } from '../build/refs.ts';
import { workload } from '../build/workload.ts';
import { declareVram } from './shared/gpu-media.ts';
import { comfyuiModelObjects } from './shared/comfyui-models.ts';
import { comfyuiWorkflowObjects } from './shared/comfyui-workflows.ts';
import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { IMAGES } from './versions.ts';
import { dirProbe } from '../backup/snapshots.ts';

const CODE = '/opt/comfyui';
const health = comfyuiImage.health!.value;

/** ComfyUI on a GPU: node-based image generation, also the image backend of Open WebUI. */
export const comfyui: ServiceDef = {
  name: 'comfyui',
  title: 'ComfyUI',
  description:
    'Image (and video) generation workflows on one GPU slice, its models seeded from platform.yaml.',
  layer: 'ai',
  namespace: 'gpu',
  wave: 2,
  defaultEnabled: true,
  images: { main: IMAGES.comfyui },
  archs: ['amd64'],
  ports: [{ name: 'http', port: comfyuiImage.listens.value.port }],
  needs: [],
  exposes: [{ port: 'http', subdomain: 'comfy', auth: 'forward-auth', kind: 'ui', healthPath: health }],
  secrets: [],
  gpu: { mode: 'required', slices: 1, vramGiB: 8 },
  storage: [
    {
      name: 'models',
      size: '100Gi',
      mountPath: `${CODE}/models`,
      accessMode: 'ReadWriteOnce',
      backup: false,
    },
    { name: 'output', size: '20Gi', mountPath: `${CODE}/output`, accessMode: 'ReadWriteOnce', backup: true },
  ],
  // The model download Job runs with the service's labels and fetches from the internet.
  egress: { internet: true },
  backup: {
    kind: 'volume',
    volumes: ['output'],
    consistency: 'finished images are written once and never changed',
    probe: dirProbe(`${CODE}/output`, 'the outputs are there'),
  },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'ReadWriteOnce volumes and one GPU slice' },
  resources: resources('500m', '4Gi', '4', '16Gi'),
  podSecurity: { level: 'restricted' },
  writableRootReason: 'ComfyUI installs custom nodes and Python packages into its install directory',

  build: (ctx) => ({
    objects: [
      ...declareVram(
        workload(ctx, {
          user: comfyuiImage.user.value,
          containers: [
            {
              // ComfyUI itself, not the image's entrypoint (which needs root to add a user and chown the code).
              command: [...comfyuiImage.command!.value],
              // torch and triton keep their caches under HOME.
              env: [env('HOME', '/tmp')],
              liveness: { http: health, initialDelaySeconds: 60 },
              readiness: { http: health },
              startup: { http: health, periodSeconds: 10, failureThreshold: 60 },
              readOnlyRootFilesystem: true,
              // Every directory ComfyUI writes besides the two volumes (src/images/comfyui.ts).
              volumeMounts: ['input', 'temp', 'user']
                .map((d) => ({ name: d, mountPath: `${CODE}/${d}` }))
                .concat({
                  name: 'tmp',
                  mountPath: '/tmp',
                }),
            },
          ],
          volumes: ['input', 'temp', 'user', 'tmp'].map((d) => ({ name: d, emptyDir: {} })),
        }),
        ctx.self.def.gpu!.vramGiB,
      ),
      ...comfyuiModelObjects(ctx),
      ...comfyuiWorkflowObjects(ctx),
    ],
  }),
};
