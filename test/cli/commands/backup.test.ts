import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commands } from '../../../src/cli/commands/index.ts';
import { parseAt } from '../../../src/cli/commands/backup.ts';
import { main } from '../../../src/cli/main.ts';
import { captureIo } from '../../helpers/cli.ts';
import { cnpgBackup, cnpgCluster, veleroBackup } from '../../backup/fixtures.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function shai(args: string[], now = '2026-12-03T12:00:00Z') {
  const io = captureIo({ now: () => new Date(now) });
  const code = await main(args, io, commands);
  return { code, out: io.out(), err: io.err() };
}

/** A dump directory as kubectl writes it: one List per file. */
function dump(items: unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'shai-backup-dump-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'backups.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  return dir;
}

describe('shai backup', () => {
  it('--help documents status, run, restore and verify', async () => {
    const r = await shai(['backup', '--help']);
    for (const sub of ['status', 'run', 'restore', 'verify'])
      expect(r.out).toMatch(new RegExp(`^\\s+${sub}\\b`, 'm'));
    const restore = await shai(['backup', 'restore', '--help']);
    for (const flag of [
      '--service <name>',
      '--at <time>',
      '--to-namespace <ns>',
      '--probe',
      '--promote',
      '--timeout <duration>',
    ])
      expect(restore.out).toContain(flag);
    const status = await shai(['backup', 'status', '--help']);
    expect(status.out).toContain('--max-age <duration>');
  });

  it('restore --promote refuses the namespace of the service as the scratch one before it reads the cluster', async () => {
    const r = await shai([
      'backup',
      'restore',
      '--service',
      'keycloak',
      '--promote',
      '--to-namespace',
      'auth',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      '--to-namespace auth: that is where keycloak runs; --promote takes the scratch namespace the proven restore is in',
    );
    const bad = await shai(['backup', 'restore', '--service', 'keycloak', '--promote', '--timeout', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--timeout: expected a duration such as 90m, 26h, 2d or 1w, got "soon"');
  });

  it('status --max-age exits 1 when a backup is older or missing, 0 when every one is within it', async () => {
    const all = ['keycloak', 'litellm', 'n8n'].map((s) =>
      cnpgBackup(s === 'keycloak' ? 'auth' : s === 'n8n' ? 'automation' : 'ai', `${s}-db-1`, `${s}-db`, {
        phase: 'completed',
        stoppedAt: '2026-12-03T03:02:00Z',
      }),
    );
    const volumes = veleroBackup('velero-daily-1', ['ai', 'automation', 'gpu', 'monitoring'], {
      phase: 'Completed',
      completionTimestamp: '2026-12-03T03:20:00Z',
    });
    const fresh = dump([...all, cnpgCluster('auth', 'keycloak-db', 'True'), volumes]);
    const ok = await shai(['backup', 'status', '--from', fresh, '--max-age', '26h']);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^keycloak\s+database\s+ok\s+2026-12-03T03:02:00Z\s+8h 58m \/ 1d/m);
    const late = await shai(
      ['backup', 'status', '--from', fresh, '--max-age', '26h'],
      '2026-12-05T12:00:00Z',
    );
    expect(late.code).toBe(1);
    expect(late.err).toContain('keycloak (database): last good backup 2d 8h old, more than --max-age 1d 2h');
    const none = await shai(['backup', 'status', '--from', dump([volumes]), '--max-age', '26h']);
    expect(none.code).toBe(1);
    expect(none.err).toContain('litellm (database): no good backup');
    expect((await shai(['backup', 'status', '--from', fresh, '--max-age', 'soon'])).code).toBe(2);
  });

  it('status --format json: the same rows as one document, and what is past --max-age, for cron and CI', async () => {
    const keycloak = cnpgBackup('auth', 'keycloak-db-1', 'keycloak-db', {
      phase: 'completed',
      stoppedAt: '2026-12-03T03:02:00Z',
    });
    const from = dump([keycloak, cnpgCluster('auth', 'keycloak-db', 'True')]);
    const r = await shai(['backup', 'status', '--from', from, '--max-age', '26h', '--format', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as {
      backups: { service: string; method: string; state: string; lastGood?: string; ageMinutes?: number }[];
      maxAgeMinutes: number;
      tooOld: { service: string; method: string }[];
    };
    expect(doc.backups.find((b) => b.service === 'keycloak')).toMatchObject({
      method: 'database',
      state: 'ok',
      lastGood: '2026-12-03T03:02:00Z',
      ageMinutes: 538,
    });
    expect(doc.maxAgeMinutes).toBe(26 * 60);
    expect(doc.tooOld).toContainEqual({ service: 'litellm', method: 'database' });
    expect(doc.tooOld).not.toContainEqual({ service: 'keycloak', method: 'database' });
    // The text table's rows and the document's are the same backups.
    const text = await shai(['backup', 'status', '--from', from]);
    expect(text.out.trimEnd().split('\n').length - 1).toBe(doc.backups.length);
    // A format backup does not print is refused before anything runs.
    const md = await shai(['backup', 'status', '--from', from, '--format', 'md']);
    expect(md.code).toBe(2);
    expect(md.err).toContain('shai backup status prints text or json, not "md"');
  });

  it('verify refuses a bad --timeout before it reads the cluster', async () => {
    const bad = await shai([
      'backup',
      'verify',
      '--kubeconfig',
      '/nonexistent/kubeconfig',
      '--timeout',
      'never',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(bad.err).toContain('--timeout: expected a duration such as 90m, 26h, 2d or 1w, got "never"');
    expect(bad.err).not.toContain('kubeconfig');
  });

  it('status refuses a bad --max-age before it reads the cluster or prints anything', async () => {
    const bad = await shai([
      'backup',
      'status',
      '--kubeconfig',
      '/nonexistent/kubeconfig',
      '--max-age',
      'soon',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(bad.err).toContain('--max-age');
    expect(bad.err).not.toContain('kubeconfig');
  });

  it('run --dry-run prints the on-demand backup objects; a cache is refused with exit 2', async () => {
    const r = await shai(['backup', 'run', '--service', 'n8n', '--dry-run']);
    expect(r.code).toBe(0);
    const docs = r.out
      .split(/^---$/m)
      .map((d) => parse(d))
      .filter(Boolean);
    expect(docs.map((d) => `${d.apiVersion} ${d.kind} ${d.metadata.namespace}/${d.metadata.name}`)).toEqual([
      'postgresql.cnpg.io/v1 Backup automation/n8n-20261203t120000z',
      'velero.io/v1 Backup backup/n8n-20261203t120000z',
    ]);
    const cache = await shai(['backup', 'run', '--service', 'valkey', '--dry-run']);
    expect(cache.code).toBe(2);
    expect(cache.err).toContain('valkey keeps nothing worth a backup');
  });

  it('restore takes --at only as RFC 3339 with seconds and offset, the form CloudNativePG converts', async () => {
    for (const at of [
      '2026-12-03 14:30',
      '2026-12-03T14:30Z',
      '2026-12-03T14:30:00+0200',
      '2026-12-03 14:30:00Z',
    ]) {
      const r = await shai(['backup', 'restore', '--service', 'keycloak', '--at', at]);
      expect(r.code, at).toBe(2);
      expect(r.err, at).toContain('--at: expected a time with its offset');
    }
    expect(parseAt('2026-12-03T14:30:00.123456+02:00')).toBe('2026-12-03T14:30:00.123456+02:00');
    expect(parseAt('2026-12-03T14:30:00Z')).toBe('2026-12-03T14:30:00Z');
  });
});
