import { env, secretEnv } from '../build/refs.ts';
import { workload } from '../build/workload.ts';
import { resources } from './helpers.ts';
import type { ServiceDef } from './types.ts';
import { valkeyImage } from '../images/valkey.ts';
import { IMAGES } from './versions.ts';
import { durableCallers } from '../plan/durable.ts';
import { valkeyProbe, valkeyRdbRestore, valkeyRdbSnapshot } from '../backup/snapshots.ts';

const DATA = 'data';
const DATA_DIR = '/data';

/**
 * Valkey (Redis-compatible): LiteLLM's router state and cache, SearXNG's cache and limiter, and, with GitLab on,
 * GitLab's Sidekiq queues, sessions and shared state. What it is follows from its callers (plan/durable.ts):
 * - only caches there: an LRU cache (`allkeys-lru`), no backup; its RDB keeps it warm across restarts;
 * - a caller keeps durable state there (`Need.durable`): `noeviction` (a full store refuses writes with an OOM
 *   error instead of silently dropping a queued job; Sidekiq warns on any other policy, sidekiq lib/sidekiq/cli.rb),
 *   the append-only file on its volume besides the RDB, and a backup: an RDB snapshot before Velero copies the
 *   volume, loaded again by the restore (backup/snapshots.ts).
 */
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
  storage: [{ name: DATA, size: '2Gi', mountPath: DATA_DIR, accessMode: 'ReadWriteOnce', backup: false }],
  backup: {
    kind: 'store',
    cache: 'a cache: LiteLLM and SearXNG rebuild what they keep there',
    durable: {
      kind: 'volume',
      volumes: [DATA],
      snapshot: valkeyRdbSnapshot(DATA_DIR),
      consistency:
        'BGSAVE writes the whole dataset at one instant; the AOF files copied beside it are not used',
      probe: valkeyProbe(),
      restore: valkeyRdbRestore(DATA_DIR),
    },
  },
  scaling: { defaultReplicas: 1, maxReplicas: 1, reason: 'a standalone server without replication' },
  resources: resources('100m', '128Mi', '1', '512Mi'),
  podSecurity: { level: 'restricted' },
  build: (ctx) => {
    const { plan, self } = ctx;
    const durable = durableCallers(
      plan.services.map((s) => s.def),
      self.name,
    ).length;
    // Evict (a cache) or refuse writes (durable) before the container limit kills the process: a quarter of the limit stays for overhead.
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
              durable ? 'noeviction' : 'allkeys-lru',
              ...(durable ? ['--appendonly', 'yes', '--appendfsync', 'everysec'] : []),
              '--dir',
              DATA_DIR,
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
