import { env } from '../../build/refs.ts';
import { workload } from '../../build/workload.ts';
import type { ResourceSpec, ServiceDef } from '../types.ts';
import { VRAM_ANNOTATION } from '../../k8s/annotations.ts';

/** What differs between the GPU media servers (the upstream homelab's audio and video images). */
export interface GpuMediaServer {
  name: string;
  title: string;
  description: string;
  image: string;
  port: number;
  vramGiB: number;
  /**
   * On when platform.yaml says nothing. The media servers are off by default: with their declared VRAM, Ollama
   * and ComfyUI already fill a 16 GiB card, so they belong on a second card or replace ComfyUI.
   */
  defaultEnabled: boolean;
  modelsSize: string;
  resources: ResourceSpec;
}

/**
 * A GPU media server: one HTTP API on one GPU slice behind forward-auth, model weights on a volume (downloaded
 * again rather than backed up), running as root because the image has no USER.
 */
export function gpuMediaServer(s: GpuMediaServer): ServiceDef {
  return {
    name: s.name,
    title: s.title,
    description: s.description,
    layer: 'ai',
    namespace: 'gpu',
    wave: 2,
    defaultEnabled: s.defaultEnabled,
    images: { main: s.image },
    archs: ['amd64'],
    ports: [{ name: 'http', port: s.port }],
    needs: [],
    exposes: [{ port: 'http', subdomain: s.name, auth: 'forward-auth', kind: 'api', healthPath: '/health' }],
    secrets: [],
    gpu: { mode: 'required', slices: 1, vramGiB: s.vramGiB },
    storage: [
      {
        name: 'models',
        size: s.modelsSize,
        mountPath: '/models',
        accessMode: 'ReadWriteOnce',
        backup: false,
      },
    ],
    egress: { internet: true },
    backup: {
      kind: 'none',
      reason: 'model weights are downloaded again; outputs are returned to the caller',
    },
    scaling: {
      defaultReplicas: 1,
      maxReplicas: 1,
      reason: 'a ReadWriteOnce models volume and one GPU slice',
    },
    resources: s.resources,
    podSecurity: { level: 'baseline', reason: 'the image runs as root (no USER in its Dockerfile)' },
    writableRootReason: `the ${s.name} server downloads model weights into its caches at first use`,
    build: (ctx) => ({
      objects: declareVram(
        workload(ctx, {
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
        s.vramGiB,
      ),
    }),
  };
}

/** Marks the Deployments among `objects` with the service's declared VRAM, so checks on objects can budget it. */
export function declareVram<T extends { kind: string; metadata: { annotations?: Record<string, string> } }>(
  objects: T[],
  vramGiB: number,
): T[] {
  for (const o of objects) {
    if (o.kind !== 'Deployment' && o.kind !== 'StatefulSet') continue;
    o.metadata.annotations = { ...o.metadata.annotations, [VRAM_ANNOTATION]: String(vramGiB) };
  }
  return objects;
}
