import { secretEnv } from '../build/refs.ts';
import { workload } from '../build/workload.ts';
import { resources, singleReplica } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { qdrantImage } from '../images/qdrant.ts';
import { IMAGES } from './versions.ts';
import { qdrantProbe, qdrantSnapshot, qdrantSnapshotRestore } from '../backup/qdrant.ts';

const HTTP_PORT = qdrantImage.listens.value.port;
const GRPC_PORT = 6334;
/** Where the snapshot hook leaves the full storage snapshot (an emptyDir Velero keeps with the data volume). */
const SNAPSHOTS = '/qdrant/snapshots';
const STORAGE = '/qdrant/storage';

/** Qdrant: the vector store for RAG in Open WebUI and the memory tool of the MCP servers. */
export const qdrant: ServiceDef = {
  name: 'qdrant',
  title: 'Qdrant',
  description: 'Vector database behind an API key, data on a backed-up volume.',
  layer: 'ai',
  namespace: 'ai',
  wave: 1,
  defaultEnabled: true,
  images: { main: IMAGES.qdrant },
  ports: [
    { name: 'http', port: HTTP_PORT },
    { name: 'grpc', port: GRPC_PORT },
  ],
  needs: [],
  exposes: [],
  secrets: [{ name: 'qdrant', keys: { 'api-key': { kind: 'token', bytes: 32, encoding: 'hex' } } }],
  storage: [{ name: 'data', size: '20Gi', mountPath: STORAGE, accessMode: 'ReadWriteOnce', backup: true }],
  // /metrics is behind the API key (src/actix/mod.rs:90-95 whitelists only /, /healthz, /readyz, /livez);
  // Qdrant accepts it as `Authorization: Bearer` (src/common/auth/mod.rs:141-142), which Prometheus sends.
  metrics: { port: 'http', path: '/metrics', bearer: { secret: 'qdrant', key: 'api-key' } },
  // The raw files are copied too; the snapshot is the copy Qdrant itself vouches for, and a restore loads it.
  backup: {
    kind: 'volume',
    volumes: ['data'],
    snapshot: qdrantSnapshot(HTTP_PORT, SNAPSHOTS),
    restore: qdrantSnapshotRestore({
      ports: { http: HTTP_PORT, grpc: GRPC_PORT },
      workdir: '/qdrant',
      storage: { volume: 'data', mountPath: STORAGE },
      snapshots: { volume: 'snapshots', mountPath: SNAPSHOTS },
    }),
    probe: qdrantProbe(STORAGE, SNAPSHOTS),
  },
  scaling: singleReplica('a single-node vector store without clustering'),
  resources: resources('250m', '512Mi', '2', '4Gi'),
  podSecurity: { level: 'restricted' },

  build: (ctx) => ({
    objects: workload(ctx, {
      user: qdrantImage.user.value,
      containers: [
        {
          env: [secretEnv(ctx.self, 'QDRANT__SERVICE__API_KEY', 'qdrant', 'api-key')],
          liveness: { http: '/livez' },
          readiness: { http: qdrantImage.health!.value },
          readOnlyRootFilesystem: true,
          volumeMounts: [
            { name: 'snapshots', mountPath: SNAPSHOTS },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        },
      ],
      volumes: [
        { name: 'snapshots', emptyDir: {} },
        { name: 'tmp', emptyDir: {} },
      ],
    }),
  }),
};
