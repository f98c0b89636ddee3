/*
 * n8n's backup, run for real: the Velero pre-backup hook of the rendered Deployment automation/n8n (its pod-template
 * annotation, `n8nExport` in backup/snapshots.ts) and the unit's restore probe (`n8nExportProbe`, what `shai backup
 * verify` and `restore --probe` run in the restored pod), with the real n8n CLI on a real PostgreSQL that the
 * rendered import init container filled (harness/n8n.ts, n8n-import.ts), while n8n runs, as in the pod. Twice: on
 * the repository's platform.yaml, and on one with every workflow off (n8n then holds none). Then the export the hook
 * wrote is imported into a fresh n8n (a new database beside the stand's, a new HOME) with n8n's own CLI, as
 * docs/disaster-recovery.md says, once with the platform's N8N_ENCRYPTION_KEY and once with another.
 * What is changed, and only that: the data volume's mount path /home/node/.n8n in the scripts → the directory
 * standing for that volume (n8n's ~/.n8n under the harness's temporary HOME, where the running n8n keeps it; the
 * same path rewriting the import step gets, mounts.ts); the container's env as harness/n8n.ts gives it
 * (hostnames → loopback), HOME → that temporary HOME, PATH → the tools' n8n.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { probeTargets } from '../../src/backup/restore.ts';
import type { RestoreProbe } from '../../src/backup/snapshots.ts';
import { unitOf } from '../../src/backup/units.ts';
import { PRE_HOOK } from '../../src/build/velero-backup.ts';
import { WORKFLOW_IDS } from '../../src/config/workflows.ts';
import { ROOT } from '../helpers/cli.ts';
import { describeWithTools, TOOLS_DIR } from '../helpers/tools.ts';
import { renderedContainer } from './harness/container.ts';
import { type Mounts, rewritePaths } from './harness/mounts.ts';
import { type N8nRun, startN8n } from './harness/n8n.ts';
import {
  exportCredentials,
  exportWorkflows,
  type N8nCredential,
  type N8nExportedWorkflow,
  runImport,
} from './harness/n8n-import.ts';
import { type RenderedPlatform, rendered, renderedPlatform, secretValue } from './harness/rendered.ts';

const TOOLS = ['n8n', 'initdb', 'postgres', 'psql'];
const HOW = 'bash .ci/tools.sh';
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

/** n8n with the rendered platform's data, and the pod's backup hook and restore probe to run against it. */
interface BackupStand {
  r: RenderedPlatform;
  run: N8nRun;
  /** The Deployment's pod-template annotations. */
  annotations: Record<string, string>;
  /** The directory standing for the data volume. */
  volume: string;
  /** Runs the rendered pre-backup hook in the hook's container, its env changed by `change`. */
  hook: (change?: Record<string, string>) => Promise<{ code: number; out: string }>;
  /** Runs the unit's volume probe (as `shai backup verify` picks it) on `volume`. */
  probe: (volume: string) => Promise<{ code: number; out: string }>;
}

/** Renders `file`, starts n8n after the rendered import, and readies the hook and the probe on its data volume. */
async function backupStand(file?: string): Promise<BackupStand> {
  const r = await renderedPlatform(file);
  r.secrets.set('automation/alertmanager-smtp', { password: SMTP_PASSWORD });
  const run = await startN8n(r, (hosts) => runImport(r, hosts));
  const deployment = rendered(r, 'Deployment', 'automation', 'n8n') as Yaml;
  const annotations = deployment.spec.template.metadata.annotations as Record<string, string>;
  const c = renderedContainer(r, 'Deployment', 'automation', 'n8n', annotations[PRE_HOOK.container]);
  expect(c.mounts.map((m) => [m.mountPath, m.volume.name])).toEqual([[DATA_MOUNT, 'data']]);
  // harness/n8n.ts runs n8n with HOME at a temporary directory; n8n keeps ~/.n8n there.
  const volume = join(run.home, '.n8n');
  const mounts: Mounts = new Map([[DATA_MOUNT, volume]]);
  const env = {
    ...run.hosts.rewriteEnv(c.env),
    PATH: `${join(TOOLS_DIR, 'bin')}:${process.env.PATH}`,
    HOME: run.home,
    LANG: 'C.UTF-8',
  };
  const [shell, flag, script] = JSON.parse(annotations[PRE_HOOK.command]!) as string[];
  expect([shell, flag]).toEqual(['/bin/sh', '-c']);
  const unit = unitOf(r.plan, 'n8n');
  const target = probeTargets(unit).find((t) => t.probe === unit.probe);
  expect(target?.selector).toBe('app.kubernetes.io/name=n8n');
  const probe: RestoreProbe = target!.probe;
  return {
    r,
    run,
    annotations,
    volume,
    hook: (change) => sh(shell!, rewritePaths(script!, mounts), { ...env, ...change }, run.home),
    probe: (dir) => sh(probe.shell, rewritePaths(probe.script, new Map([[DATA_MOUNT, dir]])), env, dir),
  };
}

const files = (s: BackupStand, dir: string) => readdirSync(join(s.volume, 'backup', dir)).sort();

/** The n8n CLI with `env` (the server's; not its listen address); never throws on a non-zero exit. */
function n8nCli(env: Record<string, string | undefined>, args: string[]) {
  const { N8N_LISTEN_ADDRESS: _, ...cli } = env;
  return new Promise<{ code: number; out: string }>((done) => {
    execFile(
      'n8n',
      args,
      {
        env: { ...cli, PATH: `${join(TOOLS_DIR, 'bin')}:${process.env.PATH}` },
        cwd: env.HOME,
        timeout: 300_000,
      },
      (e, stdout, stderr) =>
        done({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

/**
 * A fresh, empty n8n beside the stand's: a new database in its PostgreSQL, owned by n8n's role, and a new HOME
 * (n8n keeps ~/.n8n/config there, which refuses a key other than the one it was first started with), run with
 * `key` as N8N_ENCRYPTION_KEY. Only its CLI runs; its migrations run at the first command.
 */
async function freshN8n(s: BackupStand, name: string, key: string, homes: string[]) {
  const owner = s.run.env.DB_POSTGRESDB_USER!;
  await s.run.postgres.sql('postgres', `create database "${name}" owner "${owner}"`);
  const home = mkdtempSync(join(tmpdir(), `shai-${name}-`));
  homes.push(home);
  return { ...s.run.env, HOME: home, DB_POSTGRESDB_DATABASE: name, N8N_ENCRYPTION_KEY: key };
}

/**
 * The export the hook wrote imported with n8n's own CLI, as docs/disaster-recovery.md tells people to:
 * credentials first, then workflows (n8n 2.41.1 dist/commands/import/credentials.js and workflow.js: `--separate`
 * reads every *.json of the `--input` directory).
 */
async function importExport(s: BackupStand, env: Record<string, string | undefined>) {
  const dir = join(s.volume, 'backup');
  const credentials = await n8nCli(env, ['import:credentials', '--separate', `--input=${dir}/credentials`]);
  const workflows = await n8nCli(env, ['import:workflow', '--separate', `--input=${dir}/workflows`]);
  return { credentials, workflows };
}

const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
const workflowContent = (ws: N8nExportedWorkflow[]) =>
  byId(ws).map(({ id, name, nodes, connections }) => ({ id, name, nodes, connections }));
const credentialContent = (cs: N8nCredential[]) =>
  byId(cs).map(({ id, name, type, data }) => ({ id, name, type, data }));

describeWithTools(
  "n8n's backup hook and restore probe, with the real n8n and the rendered Deployment",
  TOOLS,
  HOW,
  () => {
    let s: BackupStand;
    let hook: { code: number; out: string };
    const empty = mkdtempSync(join(tmpdir(), 'shai-n8n-empty-volume-'));
    const homes: string[] = [];

    beforeAll(async () => {
      s = await backupStand();
      hook = await s.hook();
    }, 1_500_000);

    afterAll(async () => {
      await s?.run.stop();
      rmSync(empty, { recursive: true, force: true });
      for (const h of homes) rmSync(h, { recursive: true, force: true });
    }, 60_000);

    it('is the pre-backup hook of the n8n container, failing the backup when it fails', () => {
      expect(s.annotations[PRE_HOOK.container]).toBe('n8n');
      expect(s.annotations[PRE_HOOK.onError]).toBe('Fail');
      expect(s.annotations['backup.velero.io/backup-volumes']?.split(',')).toContain('data');
    });

    it('exits 0 on the live n8n', () => {
      expect(hook.code, hook.out).toBe(0);
    });

    it('writes one file per workflow n8n holds, each that workflow', async () => {
      const held = await exportWorkflows(s.run.env);
      expect(held.length).toBeGreaterThanOrEqual(4);
      expect(files(s, 'workflows')).toEqual(held.map((w) => `${w.id}.json`).sort());
      for (const w of held) {
        const f = JSON.parse(
          readFileSync(join(s.volume, 'backup/workflows', `${w.id}.json`), 'utf8'),
        ) as Yaml;
        expect([f.id, f.name, f.nodes.length, f.connections]).toEqual([
          w.id,
          w.name,
          w.nodes.length,
          w.connections,
        ]);
      }
    }, 300_000);

    it('writes one file per credential n8n holds, encrypted: no secret value appears in them', async () => {
      const held = await exportCredentials(s.run.env);
      expect(held.length).toBeGreaterThanOrEqual(3);
      expect(files(s, 'credentials')).toEqual(held.map((c) => `${c.id}.json`).sort());
      const secrets = [
        SMTP_PASSWORD,
        secretValue(s.r, 'automation', 'n8n-litellm', 'api-key'),
        secretValue(s.r, 'automation', 'n8n-qdrant', 'api-key'),
        ...held.flatMap((c) => Object.values(c.data)).filter((v) => typeof v === 'string' && v.length >= 16),
      ];
      for (const c of held) {
        const text = readFileSync(join(s.volume, 'backup/credentials', `${c.id}.json`), 'utf8');
        const f = JSON.parse(text) as Yaml;
        expect([f.id, f.name, f.type, typeof f.data]).toEqual([c.id, c.name, c.type, 'string']);
        for (const v of secrets)
          expect(text.includes(v), `${c.name} holds a secret in plain text`).toBe(false);
      }
    }, 300_000);

    it("imports into a fresh n8n with the platform's key: the same workflows, and the same credentials decrypted", async () => {
      // The key the platform's SealedSecret automation/n8n gives n8n (what the sealing-key backup opens again).
      const key = secretValue(s.r, 'automation', 'n8n', 'encryption-key');
      expect(s.run.env.N8N_ENCRYPTION_KEY).toBe(key);
      const fresh = await freshN8n(s, 'n8n_restored', key, homes);
      expect(await exportWorkflows(fresh)).toEqual([]);
      const imported = await importExport(s, fresh);
      expect(imported.credentials.code, imported.credentials.out).toBe(0);
      expect(imported.credentials.out).toContain(
        `Successfully imported ${files(s, 'credentials').length} credentials.`,
      );
      expect(imported.workflows.code, imported.workflows.out).toBe(0);
      expect(imported.workflows.out).toContain(
        `Successfully imported ${files(s, 'workflows').length} workflows.`,
      );
      expect(workflowContent(await exportWorkflows(fresh))).toEqual(
        workflowContent(await exportWorkflows(s.run.env)),
      );
      // The point of keeping the sealed key: the encrypted export decrypts with it, in any n8n.
      const original = await exportCredentials(s.run.env);
      expect(original.length).toBeGreaterThanOrEqual(3);
      expect(credentialContent(await exportCredentials(fresh))).toEqual(credentialContent(original));
    }, 600_000);

    // Why the sealed key must be restored with the export: n8n 2.41.1 imports the credentials without checking
    // the key (dist/commands/import/credentials.js, readCredentials: only object data is encrypted, the export's
    // string is stored as it is) and fails only when it decrypts them (n8n-core dist/credentials.js getData,
    // CREDENTIAL_ERRORS.DECRYPTION_FAILED in dist/constants.js), as every workflow using them would.
    it('imports into a fresh n8n with another key, whose credentials then do not decrypt', async () => {
      const other = 'ab'.repeat(32);
      expect(other).not.toBe(s.run.env.N8N_ENCRYPTION_KEY);
      const fresh = await freshN8n(s, 'n8n_other_key', other, homes);
      const imported = await importExport(s, fresh);
      expect(imported.credentials.code, imported.credentials.out).toBe(0);
      expect(imported.credentials.out).toContain(
        `Successfully imported ${files(s, 'credentials').length} credentials.`,
      );
      expect(imported.workflows.code, imported.workflows.out).toBe(0);
      const out = join(fresh.HOME, 'credentials.json');
      const decrypted = await n8nCli(fresh, [
        'export:credentials',
        '--all',
        '--decrypted',
        `--output=${out}`,
      ]);
      expect(decrypted.code, decrypted.out).toBe(1);
      expect(decrypted.out).toContain(
        'Credentials could not be decrypted. The likely reason is that a different "encryptionKey" was used to encrypt the data.',
      );
      expect(existsSync(out)).toBe(false);
      // What n8n holds is the export's ciphertext, unchanged: only the platform's key opens it.
      const held = await n8nCli(fresh, ['export:credentials', '--all', `--output=${out}`]);
      expect(held.code, held.out).toBe(0);
      const stored = JSON.parse(readFileSync(out, 'utf8')) as N8nCredential[];
      const backup = files(s, 'credentials').map(
        (f) => JSON.parse(readFileSync(join(s.volume, 'backup/credentials', f), 'utf8')) as N8nCredential,
      );
      expect(byId(stored).map((c) => [c.id, c.data])).toEqual(byId(backup).map((c) => [c.id, c.data]));
    }, 600_000);

    it('leaves no .tmp directory beside the export', () => {
      expect(readdirSync(s.volume).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });

    it('replaces the previous export when it runs again (the next scheduled backup)', async () => {
      const before = [files(s, 'workflows'), files(s, 'credentials')];
      const again = await s.hook();
      expect(again.code, again.out).toBe(0);
      expect([files(s, 'workflows'), files(s, 'credentials')]).toEqual(before);
      expect(existsSync(join(s.volume, 'backup.tmp'))).toBe(false);
    }, 300_000);

    it('fails, keeping the previous export, when n8n cannot export (its database refuses the password)', async () => {
      const before = files(s, 'workflows');
      const failed = await s.hook({ DB_POSTGRESDB_PASSWORD: 'not-the-rendered-password' });
      expect(failed.code, failed.out).not.toBe(0);
      expect(failed.out).not.toMatch(/No (workflows|credentials) found/);
      expect(files(s, 'workflows')).toEqual(before);
    }, 300_000);

    it('the restore probe passes on the volume the hook wrote', async () => {
      const res = await s.probe(s.volume);
      expect(res.code, res.out).toBe(0);
    });

    it('the restore probe fails on an empty volume', async () => {
      expect((await s.probe(empty)).code).not.toBe(0);
    });
  },
);

describeWithTools(
  "n8n's backup hook and restore probe when every workflow is off (n8n holds none)",
  TOOLS,
  HOW,
  () => {
    let s: BackupStand;
    let hook: { code: number; out: string };
    let dir: string;

    beforeAll(async () => {
      // The repository's platform.yaml with every shipped workflow switched off, everything else as it is.
      const doc = parse(readFileSync(join(ROOT, 'platform.yaml'), 'utf8')) as Yaml;
      doc.workflows = Object.fromEntries(
        WORKFLOW_IDS.map((n) => [n, { ...doc.workflows?.[n], enabled: false }]),
      );
      dir = mkdtempSync(join(tmpdir(), 'shai-n8n-no-workflows-'));
      writeFileSync(join(dir, 'platform.yaml'), stringify(doc));
      s = await backupStand(join(dir, 'platform.yaml'));
      hook = await s.hook();
    }, 1_500_000);

    afterAll(async () => {
      await s?.run.stop();
      rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    // n8n 2.41.1 printed "Error exporting workflows. See log messages for details." and "No workflows found with
    // specified filters" and exited 1 here before the hook took none for an empty folder: every backup failed.
    it('exits 0 and leaves an empty workflow folder beside the credentials', async () => {
      expect(await exportWorkflows(s.run.env)).toEqual([]);
      expect(hook.code, hook.out).toBe(0);
      expect(hook.out).toContain('No workflows found with specified filters');
      expect(files(s, 'workflows')).toEqual([]);
      const held = await exportCredentials(s.run.env);
      expect(files(s, 'credentials')).toEqual(held.map((c) => `${c.id}.json`).sort());
      expect(readdirSync(s.volume).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    }, 300_000);

    it('the restore probe passes on that volume', async () => {
      const res = await s.probe(s.volume);
      expect(res.code, res.out).toBe(0);
    });
  },
);
