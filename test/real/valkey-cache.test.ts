/*
 * Why Valkey has no backup (services/valkey.ts, test/render/backup-coverage.test.ts), shown on a real server
 * started with the rendered StatefulSet's own arguments: it is an LRU cache, and what it keeps across a restart
 * comes back from its own volume, not from a backup.
 * - Under memory pressure it evicts keys its clients wrote (allkeys-lru): nothing stored there can be relied on,
 *   so a backup would restore nothing a client may count on. If the rendered policy ever stops evicting, the
 *   first test fails and the classification must be decided again (then an RDB backup: BGSAVE before Velero).
 * - Stopped as the kubelet stops it (SIGTERM) and started again on the same directory (its PersistentVolume),
 *   it saves and reloads its RDB file: the cache stays warm across pod restarts, which is what the volume is for.
 * Redis 7 (Debian's redis-server) stands for Valkey 9: the same protocol, flags and RDB behaviour at these points.
 * The memory limit is lowered at run time (CONFIG SET) so the eviction shows with a few megabytes; the policy,
 * the directory and every other argument are the rendered ones.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { describeWithTools } from '../helpers/tools.ts';
import { freePort } from './harness/loopback.ts';
import { startServer, type Server } from './harness/process.ts';
import { rendered, renderedPlatform, secretValue } from './harness/rendered.ts';

const run = promisify(execFile);
const TOOLS = ['redis-server', 'redis-cli'];

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describeWithTools(
  'Valkey as rendered: an LRU cache, warm across restarts from its own volume',
  TOOLS,
  'bash .ci/tools.sh (30-postgres-redis.sh)',
  (tools) => {
    const dirs: string[] = [];
    const servers: Server[] = [];
    afterAll(async () => {
      for (const s of servers) await s.stop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    /** The rendered container's arguments, with the password Kubernetes would expand and `--dir` on `dir`. */
    async function renderedArgs(dir: string): Promise<{ args: string[]; password: string }> {
      const r = await renderedPlatform();
      const sts = rendered(r, 'StatefulSet', 'data', 'valkey') as Yaml;
      const container = (sts.spec.template.spec.containers as Yaml[]).find((c) => c.name === 'valkey')!;
      const password = secretValue(r, 'data', 'valkey-auth', 'password');
      const args = (container.args as string[]).map((a) => a.replace('$(VALKEY_PASSWORD)', password));
      const at = args.indexOf('--dir');
      expect(args[at + 1]).toBe('/data'); // the volume's mount path
      args[at + 1] = dir;
      return { args, password };
    }

    async function start(dir: string) {
      const { args, password } = await renderedArgs(dir);
      const port = await freePort();
      const cli = (...a: string[]) =>
        run(tools['redis-cli']!, [
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '--no-auth-warning',
          '-a',
          password,
          ...a,
        ]).then((o) => o.stdout.trim());
      const server = await startServer({
        name: 'valkey (redis-server)',
        command: tools['redis-server']!,
        args: [...args, '--bind', '127.0.0.1', '--port', String(port)],
        ready: () => cli('ping').then((o) => o === 'PONG'),
        startTimeoutMs: 30_000,
      });
      servers.push(server);
      return { server, cli, port, password };
    }

    /** Writes `count` keys of `bytes` each through redis-cli --pipe (one connection, RESP). */
    async function fill(port: number, password: string, count: number, bytes: number): Promise<void> {
      const value = 'x'.repeat(bytes);
      const resp = (...a: string[]) =>
        `*${a.length}\r\n${a.map((s) => `$${Buffer.byteLength(s)}\r\n${s}\r\n`).join('')}`;
      const input = Array.from({ length: count }, (_, i) => resp('SET', `key:${i}`, value)).join('');
      await new Promise<void>((resolve, reject) => {
        const p = spawn(tools['redis-cli']!, [
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '--no-auth-warning',
          '-a',
          password,
          '--pipe',
        ]);
        let out = '';
        p.stdout.on('data', (d) => (out += d));
        p.on('error', reject);
        p.on('close', (code) =>
          code === 0 ? resolve() : reject(new Error(`redis-cli --pipe: ${code}: ${out}`)),
        );
        p.stdin.end(input);
      });
    }

    const tmp = () => {
      const d = mkdtempSync(join(tmpdir(), 'shai-valkey-'));
      dirs.push(d);
      return d;
    };

    it('evicts keys its clients wrote once memory is full: a cache, so no backup', async () => {
      const { cli, port, password } = await start(tmp());
      expect(await cli('config', 'get', 'maxmemory-policy')).toBe('maxmemory-policy\nallkeys-lru');
      await cli('config', 'set', 'maxmemory', '2mb');
      await fill(port, password, 2000, 2048); // 4 MB into 2 MB
      const size = Number(await cli('dbsize'));
      expect(size).toBeGreaterThan(0);
      expect(size).toBeLessThan(2000);
      const evicted = Number(/evicted_keys:(\d+)/.exec(await cli('info', 'stats'))![1]);
      expect(evicted).toBeGreaterThanOrEqual(2000 - size);
    });

    it('keeps its keys across a stop and start on the same volume (the RDB it saves on SIGTERM)', async () => {
      const dir = tmp();
      const first = await start(dir);
      await fill(first.port, first.password, 100, 64);
      expect(await first.cli('dbsize')).toBe('100');
      await first.server.stop(); // SIGTERM, as the kubelet stops the pod
      const second = await start(dir);
      expect(await second.cli('dbsize')).toBe('100');
      expect(await second.cli('get', 'key:42')).toBe('x'.repeat(64));
    });
  },
);
