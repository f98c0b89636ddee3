import { env, secretEnv } from '../build/refs.ts';
import { workload } from '../build/workload.ts';
import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { valkeyImage } from '../images/valkey.ts';
import { IMAGES } from './versions.ts';

/** Valkey (Redis-compatible): LiteLLM's router state and cache, SearXNG's cache and limiter. */
export const valkey: ServiceDef = {
  name: 'valkey',
  title: 'Valkey',
  description: 'Redis-compatible in-memory store shared by LiteLLM, SearXNG and GitLab, password-protected.',
  layer: 'platform',
  namespace: 'data',
  wave: -5,
  defaultEnabled: true,
  images: { main: IMAGES.valkey },
  ports: [{ name: 'redis', port: 6379 }],
  needs: [],
  exposes: [],
  secrets: [{ name: 'valkey-auth', keys: { password: { kind: 'password', length: 32 } } }],
  storage: [{ name: 'data', size: '2Gi', mountPath: '/data', accessMode: 'ReadWriteOnce', backup: false }],
  backup: { kind: 'none', reason: 'a cache: LiteLLM and SearXNG rebuild what they keep there' },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'a standalone server without replication' },
  resources: resources('100m', '128Mi', '1', '512Mi'),
  podSecurity: { level: 'restricted' },
  build: (ctx) => {
    const { self } = ctx;
    // Evict before the container limit kills the process: a quarter of the limit stays for overhead.
    const maxMemory = `${Math.floor((mebibytes(self.resources.limits.memory) * 3) / 4)}mb`;
    // Kubernetes expands $(VAR) in args, so the password never appears in the manifest.
    const ping = ['sh', '-c', 'valkey-cli -a "$VALKEY_PASSWORD" --no-auth-warning ping | grep -q PONG'];
    return {
      objects: workload(ctx, {
        kind: 'StatefulSet',
        user: valkeyImage.user.value,
        containers: [
          {
            command: [...valkeyImage.command!.value],
            args: [
              '--requirepass',
              '$(VALKEY_PASSWORD)',
              '--maxmemory',
              maxMemory,
              '--maxmemory-policy',
              'allkeys-lru',
              '--dir',
              '/data',
              '--protected-mode',
              'no',
            ],
            env: [secretEnv(self, 'VALKEY_PASSWORD', 'valkey-auth', 'password'), env('HOME', '/data')],
            liveness: { tcp: 'redis', initialDelaySeconds: 10 },
            readiness: { exec: ping, periodSeconds: 10 },
            readOnlyRootFilesystem: true,
          },
        ],
      }),
    };
  },
};

/** A Kubernetes memory quantity (Mi/Gi/M/G) in MiB. */
function mebibytes(q: string): number {
  const m = /^(\d+)(Mi|Gi|M|G)$/.exec(q);
  if (!m) throw new Error(`valkey: unsupported memory limit ${q}`);
  const n = Number(m[1]);
  return m[2] === 'Gi' || m[2] === 'G' ? n * 1024 : n;
}
