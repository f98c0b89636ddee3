import { secretEnv } from '../build/refs.ts';
import { workload } from '../build/workload.ts';
import { resources, singleReplica } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { qdrantImage } from '../images/qdrant.ts';
import { IMAGES } from './versions.ts';
import { dirProbe, qdrantSnapshot } from '../backup/snapshots.ts';

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
    { name: 'http', port: qdrantImage.listens.value.port },
    { name: 'grpc', port: 6334 },
  ],
  needs: [],
  exposes: [],
  secrets: [{ name: 'qdrant', keys: { 'api-key': { kind: 'token', bytes: 32, encoding: 'hex' } } }],
  storage: [
    { name: 'data', size: '20Gi', mountPath: '/qdrant/storage', accessMode: 'ReadWriteOnce', backup: true },
  ],
  // /metrics is behind the API key (src/actix/mod.rs:90-95 whitelists only /, /healthz, /readyz, /livez);
  // Qdrant accepts it as `Authorization: Bearer` (src/common/auth/mod.rs:141-142), which Prometheus sends.
  metrics: { port: 'http', path: '/metrics', bearer: { secret: 'qdrant', key: 'api-key' } },
  // The raw files are copied too; the snapshot is the copy Qdrant itself vouches for.
  backup: {
    kind: 'volume',
    volumes: ['data'],
    snapshot: qdrantSnapshot(6333, '/qdrant/snapshots'),
    probe: dirProbe('/qdrant/storage/collections', 'the collections are there'),
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
            { name: 'snapshots', mountPath: '/qdrant/snapshots' },
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
