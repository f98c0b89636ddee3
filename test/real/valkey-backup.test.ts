/*
 * Valkey when GitLab is on: GitLab keeps its Sidekiq queues and sessions there, so the render makes it durable and
 * backs it up (services/valkey.ts, plan/durable.ts). Shown on real servers started with the rendered StatefulSet's
 * own arguments, and the backup and restore scripts exactly as the platform runs them:
 * - the policy is `noeviction` with the append-only file: a full store refuses a write (an error GitLab sees)
 *   instead of dropping a queued job as `allkeys-lru` did;
 * - the snapshot is the rendered pod's Velero pre-backup hook (BGSAVE, LASTSAVE, copy), run against the live
 *   server; the data directory is then copied to a fresh one (the stand-in for Velero's file copy and its
 *   PodVolumeRestore); the restore step is the init container of the Velero Restore that `shai backup restore
 *   --service valkey` builds (backup/objects.ts), run on the copy; a fresh server with the rendered arguments
 *   then holds every key written before the snapshot, checked one by one, and none written after it.
 * Stand-ins, named: Redis 7.0 (Debian's redis-server/redis-cli) runs for Valkey 9 (same protocol, flags, RDB and
 * AOF at these points); the scripts' `valkey-server`/`valkey-cli` are pointed at them and the pod's `/data` at a
 * temporary directory; the pod's valkey-cli reaches 127.0.0.1:6379, here the test's port.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { PRE_HOOK } from '../../src/build/velero-backup.ts';
import { restoreObjects, RESTORE_STEP_CONTAINER } from '../../src/backup/objects.ts';
import { unitOf } from '../../src/backup/units.ts';
import { IMAGES } from '../../src/services/versions.ts';
import { ROOT } from '../helpers/cli.ts';
import { describeWithTools } from '../helpers/tools.ts';
import { freePort } from './harness/loopback.ts';
import { startServer, type Server } from './harness/process.ts';
import { rendered, renderedPlatform, secretValue, type RenderedPlatform } from './harness/rendered.ts';

const run = promisify(execFile);
const TOOLS = ['redis-server', 'redis-cli'];

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** What the test writes before the snapshot, by type; each is read back from the restored server. */
const STRINGS: Record<string, string> = {
  'session:6f1c': '{"user_id":42,"csrf":"x y z"}',
  'gitlab:exclusive_lease:project:7': 'uuid-1',
};
const QUEUE = 'resque:gitlab:queue:default';
const JOBS = ['{"class":"PostReceive","jid":"a1"}', '{"class":"PipelineProcessWorker","jid":"b2"}'];
const SCHEDULE = 'resque:gitlab:schedule';
const HASH = 'resque:gitlab:cron_job:stuck_ci_jobs';

describeWithTools(
  'Valkey with GitLab on: durable, its RDB snapshot restored key by key',
  TOOLS,
  'bash .ci/tools.sh (30-postgres-redis.sh)',
  (tools) => {
    const dirs: string[] = [];
    const servers: Server[] = [];
    let r: RenderedPlatform;
    let args: string[];
    let password: string;

    beforeAll(async () => {
      // The repository's platform.yaml with GitLab switched on, everything else as it is.
      const doc = parse(readFileSync(join(ROOT, 'platform.yaml'), 'utf8')) as Yaml;
      doc.services.gitlab = { ...(doc.services.gitlab ?? {}), enabled: true };
      const file = join(tmp(), 'platform.yaml');
      writeFileSync(file, stringify(doc));
      r = await renderedPlatform(file);
      const sts = rendered(r, 'StatefulSet', 'data', 'valkey') as Yaml;
      const container = (sts.spec.template.spec.containers as Yaml[]).find((c) => c.name === 'valkey')!;
      password = secretValue(r, 'data', 'valkey-auth', 'password');
      args = (container.args as string[]).map((a) => a.replace('$(VALKEY_PASSWORD)', password));
    });

    afterAll(async () => {
      for (const s of servers) await s.stop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    function tmp(): string {
      const d = mkdtempSync(join(tmpdir(), 'shai-valkey-'));
      dirs.push(d);
      return d;
    }

    const cliArgs = (port: number) => ['-h', '127.0.0.1', '-p', String(port), '--no-auth-warning'];

    /** A server with the rendered arguments on `dir` (the volume's mount path replaced). */
    async function start(dir: string) {
      const a = [...args];
      const at = a.indexOf('--dir');
      expect(a[at + 1]).toBe('/data');
      a[at + 1] = dir;
      const port = await freePort();
      const cli = (...c: string[]) =>
        run(tools['redis-cli']!, [...cliArgs(port), '-a', password, ...c]).then((o) => o.stdout.trim());
      const server = await startServer({
        name: 'valkey (redis-server)',
        command: tools['redis-server']!,
        args: [...a, '--bind', '127.0.0.1', '--port', String(port)],
        ready: () => cli('ping').then((o) => o === 'PONG'),
        startTimeoutMs: 30_000,
      });
      servers.push(server);
      return { server, cli, port };
    }

    /** A pod script as the platform runs it, on the stand-ins (see the header), in `dir`, against `port`. */
    async function runScript(shell: string, script: string, dir: string, port?: number): Promise<void> {
      const local = script
        .replaceAll('/data', dir)
        .replaceAll('valkey-server', tools['redis-server']!)
        .replaceAll(
          'valkey-cli',
          port ? `${tools['redis-cli']!} -h 127.0.0.1 -p ${port}` : tools['redis-cli']!,
        );
      await new Promise<void>((resolve, reject) => {
        // Its own process group: a server the script starts is ended with it.
        const p = spawn('/bin/sh', ['-c', local], {
          env: { ...process.env, VALKEY_PASSWORD: password },
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        });
        const endGroup = () => {
          try {
            process.kill(-p.pid!, 'SIGKILL');
          } catch {
            /* nothing left */
          }
        };
        let out = '';
        p.stdout.on('data', (d) => (out += d));
        p.stderr.on('data', (d) => (out += d));
        p.on('error', reject);
        p.on('close', (code) => {
          endGroup();
          if (code === 0) resolve();
          else reject(new Error(`${shell} script exited ${code}:\n${out}`));
        });
      });
    }

    it('is durable when GitLab is on: noeviction, the append-only file, and a backup with a restore step', () => {
      const policy = args[args.indexOf('--maxmemory-policy') + 1];
      expect(policy).toBe('noeviction');
      expect(args[args.indexOf('--appendonly') + 1]).toBe('yes');
      const unit = unitOf(r.plan, 'valkey');
      expect(unit.volumes).toEqual(['data']);
      expect(unit.snapshot).toMatch(/BGSAVE/);
      expect(unit.restore?.volume).toBe('data');
    });

    it('refuses a write when full instead of evicting a queued job', async () => {
      const { cli } = await start(tmp());
      await cli('rpush', QUEUE, ...JOBS);
      await cli('config', 'set', 'maxmemory', '1');
      await expect(cli('set', 'more', 'x')).resolves.toMatch(/^OOM/);
      expect(await cli('lrange', QUEUE, '0', '-1')).toBe(JOBS.join('\n'));
    });

    it('restores the snapshot taken by the backup hook into a fresh server, key by key', async () => {
      const live = tmp();
      const { cli, port } = await start(live);
      for (const [k, v] of Object.entries(STRINGS)) await cli('set', k, v);
      await cli('rpush', QUEUE, ...JOBS);
      await cli('zadd', SCHEDULE, '1796300000', 'job-c', '1796300060', 'job-d');
      await cli('hset', HASH, 'cron', '0 * * * *', 'status', 'enabled');

      // The backup: the rendered pod's pre-backup hook, against the running server.
      const sts = rendered(r, 'StatefulSet', 'data', 'valkey') as Yaml;
      const annotations = sts.spec.template.metadata.annotations as Record<string, string>;
      expect(annotations[PRE_HOOK.container]).toBe('valkey');
      expect(annotations[PRE_HOOK.onError]).toBe('Fail');
      const [shell, flag, hook] = JSON.parse(annotations[PRE_HOOK.command]!) as string[];
      expect(flag).toBe('-c');
      await runScript(shell!, hook!, live, port);
      expect(statSync(join(live, 'backup/valkey.rdb')).size).toBeGreaterThan(0);
      await cli('set', 'after:snapshot', 'not in the backup');
      await cli('rpush', QUEUE, '{"class":"Late","jid":"z9"}');

      // Velero's copy of the volume (stand-in: the directory copied as it is, AOF files and all).
      const restored = tmp();
      cpSync(live, restored, { recursive: true });

      // The restore step of the Velero Restore `shai backup restore --service valkey` applies.
      const unit = unitOf(r.plan, 'valkey');
      const objects = restoreObjects(r.plan, unit, {
        namespace: 'shai-restore-valkey',
        veleroBackup: 'data-20261203t030000z',
        postgresImage: IMAGES.postgres,
        now: new Date('2026-12-03T12:00:00Z'),
      });
      const restore = objects.find((o) => o.kind === 'Restore') as Yaml;
      const hookSpec = (restore.spec.hooks.resources as Yaml[])[0]!;
      expect(hookSpec.labelSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'valkey' } });
      const init = (hookSpec.postHooks[0].init.initContainers as Yaml[])[0]!;
      expect(init.name).toBe(RESTORE_STEP_CONTAINER);
      expect(init.image).toBe(IMAGES.valkey);
      expect(init.volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
      // What the admission policies ask of every container of a pod, init containers included.
      expect(init.resources.limits).toEqual(sts.spec.template.spec.containers[0].resources.limits);
      expect(init.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        runAsNonRoot: true,
      });
      const [ishell, , iscript] = init.command as string[];
      await runScript(ishell!, iscript!, restored);
      expect(existsSync(join(restored, 'restore.sock'))).toBe(false);

      // The application starts on it with the rendered arguments: every key, one by one.
      const fresh = await start(restored);
      for (const [k, v] of Object.entries(STRINGS)) expect(await fresh.cli('get', k), k).toBe(v);
      expect(await fresh.cli('lrange', QUEUE, '0', '-1')).toBe(JOBS.join('\n'));
      expect(await fresh.cli('zrange', SCHEDULE, '0', '-1', 'withscores')).toBe(
        ['job-c', '1796300000', 'job-d', '1796300060'].join('\n'),
      );
      expect(await fresh.cli('hgetall', HASH)).toBe(['cron', '0 * * * *', 'status', 'enabled'].join('\n'));
      expect(await fresh.cli('exists', 'after:snapshot')).toBe('0');
      expect(await fresh.cli('dbsize')).toBe(String(Object.keys(STRINGS).length + 3));
      expect(await fresh.cli('config', 'get', 'appendonly')).toBe('appendonly\nyes');

      // The restore probe `shai backup restore` prints passes on it.
      await runScript(unit.probe!.shell, unit.probe!.script, restored, fresh.port);

      // And it stays restored across the next restart: the AOF the step wrote is what the server loads.
      await fresh.server.stop();
      const again = await start(restored);
      expect(await again.cli('lrange', QUEUE, '0', '-1')).toBe(JOBS.join('\n'));
      expect(await again.cli('dbsize')).toBe(String(Object.keys(STRINGS).length + 3));
    });
  },
);
