/*
 * n8n's backup, run for real: the Velero pre-backup hook of the rendered Deployment automation/n8n (its pod-template
 * annotation, `n8nExport` in backup/snapshots.ts) and the unit's restore probe (`n8nExportProbe`, what `shai backup
 * verify` and `restore --probe` run in the restored pod), with the real n8n CLI on a real PostgreSQL that the
 * rendered import init container filled (harness/n8n.ts, n8n-import.ts), while n8n runs, as in the pod.
 * What is changed, and only that: the data volume's mount path /home/node/.n8n in the scripts → the directory
 * standing for that volume (n8n's ~/.n8n under the harness's temporary HOME, where the running n8n keeps it; the
 * same path rewriting the import step gets, mounts.ts); the container's env as harness/n8n.ts gives it
 * (hostnames → loopback), HOME → that temporary HOME, PATH → the tools' n8n.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { probeTargets } from '../../src/backup/restore.ts';
import type { RestoreProbe } from '../../src/backup/snapshots.ts';
import { unitOf } from '../../src/backup/units.ts';
import { PRE_HOOK } from '../../src/build/velero-backup.ts';
import { describeWithTools, TOOLS_DIR } from '../helpers/tools.ts';
import { renderedContainer } from './harness/container.ts';
import { type Mounts, rewritePaths } from './harness/mounts.ts';
import { type N8nRun, startN8n } from './harness/n8n.ts';
import { exportCredentials, exportWorkflows, runImport } from './harness/n8n-import.ts';
import { type RenderedPlatform, rendered, renderedPlatform, secretValue } from './harness/rendered.ts';

const TOOLS = ['n8n', 'initdb', 'postgres', 'psql'];
const DATA_MOUNT = '/home/node/.n8n';
/** platform.yaml's external SMTP password (the user seals it); here a value the test looks for in the export. */
const SMTP_PASSWORD = 'stand-in-smtp-password-5d41402a';

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A script's exit code and everything it printed; never throws on a non-zero exit. */
function sh(shell: string, script: string, env: Record<string, string | undefined>, cwd: string) {
  return new Promise<{ code: number; out: string }>((done) => {
    execFile(shell, ['-c', script], { env, cwd, timeout: 600_000 }, (e, stdout, stderr) =>
      done({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

describeWithTools(
  "n8n's backup hook and restore probe, with the real n8n and the rendered Deployment",
  TOOLS,
  'bash .ci/tools.sh',
  () => {
    let r: RenderedPlatform;
    let run: N8nRun;
    /** The Deployment's pod-template annotations. */
    let annotations: Record<string, string>;
    /** The hook's container as it runs: its rendered env (hosts → loopback), HOME and PATH as above. */
    let env: Record<string, string | undefined>;
    /** Mount path → the directory standing for it: the data volume n8n uses. */
    let mounts: Mounts;
    let volume: string;
    let hook: { code: number; out: string };
    const empty = mkdtempSync(join(tmpdir(), 'shai-n8n-empty-volume-'));

    beforeAll(async () => {
      r = await renderedPlatform();
      r.secrets.set('automation/alertmanager-smtp', { password: SMTP_PASSWORD });
      run = await startN8n(r, (hosts) => runImport(r, hosts));
      const deployment = rendered(r, 'Deployment', 'automation', 'n8n') as Yaml;
      annotations = deployment.spec.template.metadata.annotations as Record<string, string>;
      const c = renderedContainer(r, 'Deployment', 'automation', 'n8n', annotations[PRE_HOOK.container]);
      expect(c.mounts.map((m) => [m.mountPath, m.volume.name])).toEqual([[DATA_MOUNT, 'data']]);
      // harness/n8n.ts runs n8n with HOME at a temporary directory; n8n keeps ~/.n8n there.
      volume = join(run.home, '.n8n');
      mounts = new Map([[DATA_MOUNT, volume]]);
      env = {
        ...run.hosts.rewriteEnv(c.env),
        PATH: `${join(TOOLS_DIR, 'bin')}:${process.env.PATH}`,
        HOME: run.home,
        LANG: 'C.UTF-8',
      };
      const [shell, flag, script] = JSON.parse(annotations[PRE_HOOK.command]!) as string[];
      expect([shell, flag]).toEqual(['/bin/sh', '-c']);
      hook = await sh(shell!, rewritePaths(script!, mounts), env, run.home);
    }, 1_500_000);

    afterAll(async () => {
      await run?.stop();
      rmSync(empty, { recursive: true, force: true });
    }, 60_000);

    const files = (dir: string) => readdirSync(join(volume, 'backup', dir)).sort();
    const json = (dir: string, f: string) => JSON.parse(readFileSync(join(volume, 'backup', dir, f), 'utf8')) as Yaml;

    it('is the pre-backup hook of the n8n container, failing the backup when it fails', () => {
      expect(annotations[PRE_HOOK.container]).toBe('n8n');
      expect(annotations[PRE_HOOK.onError]).toBe('Fail');
      expect(annotations['backup.velero.io/backup-volumes']?.split(',')).toContain('data');
    });

    it('exits 0 on the live n8n', () => {
      expect(hook.code, hook.out).toBe(0);
    });

    it('writes one file per workflow n8n holds, each that workflow', async () => {
      const held = await exportWorkflows(run.env);
      expect(held.length).toBeGreaterThanOrEqual(4);
      expect(files('workflows')).toEqual(held.map((w) => `${w.id}.json`).sort());
      for (const w of held) {
        const f = json('workflows', `${w.id}.json`);
        expect([f.id, f.name, f.nodes.length, f.connections]).toEqual([w.id, w.name, w.nodes.length, w.connections]);
      }
    }, 300_000);

    it('writes one file per credential n8n holds, encrypted: no secret value appears in them', async () => {
      const held = await exportCredentials(run.env);
      expect(held.length).toBeGreaterThanOrEqual(3);
      expect(files('credentials')).toEqual(held.map((c) => `${c.id}.json`).sort());
      const secrets = [
        SMTP_PASSWORD,
        secretValue(r, 'automation', 'n8n-litellm', 'api-key'),
        secretValue(r, 'automation', 'n8n-qdrant', 'api-key'),
        ...held.flatMap((c) => Object.values(c.data)).filter((v) => typeof v === 'string' && v.length >= 16),
      ];
      for (const c of held) {
        const text = readFileSync(join(volume, 'backup/credentials', `${c.id}.json`), 'utf8');
        const f = JSON.parse(text) as Yaml;
        expect([f.id, f.name, f.type, typeof f.data]).toEqual([c.id, c.name, c.type, 'string']);
        for (const s of secrets) expect(text.includes(s), `${c.name} holds a secret in plain text`).toBe(false);
      }
    }, 300_000);

    it('leaves no .tmp directory beside the export', () => {
      expect(readdirSync(volume).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });

    it('replaces the previous export when it runs again (the next scheduled backup)', async () => {
      const before = [files('workflows'), files('credentials')];
      const [shell, , script] = JSON.parse(annotations[PRE_HOOK.command]!) as string[];
      const again = await sh(shell!, rewritePaths(script!, mounts), env, run.home);
      expect(again.code, again.out).toBe(0);
      expect([files('workflows'), files('credentials')]).toEqual(before);
      expect(existsSync(join(volume, 'backup.tmp'))).toBe(false);
    }, 300_000);

    /** The unit's volume probe, as `shai backup verify` picks it (restore.ts probeTargets). */
    const volumeProbe = (): RestoreProbe => {
      const unit = unitOf(r.plan, 'n8n');
      const target = probeTargets(unit).find((t) => t.probe === unit.probe);
      expect(target?.selector).toBe('app.kubernetes.io/name=n8n');
      return target!.probe;
    };

    it('the restore probe passes on the volume the hook wrote', async () => {
      const probe = volumeProbe();
      const res = await sh(probe.shell, rewritePaths(probe.script, mounts), env, run.home);
      expect(res.code, res.out).toBe(0);
    });

    it('the restore probe fails on an empty volume', async () => {
      const probe = volumeProbe();
      const res = await sh(probe.shell, rewritePaths(probe.script, new Map([[DATA_MOUNT, empty]])), env, empty);
      expect(res.code).not.toBe(0);
    });
  },
);
