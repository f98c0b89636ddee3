import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cronGapMinutes } from '../../src/config/cron-gap.ts';
import { backupStatus, tooOld } from '../../src/backup/status.ts';
import { statusLines } from '../../src/backup/text.ts';
import { backupUnits, unitOf } from '../../src/backup/units.ts';
import { makeState } from '../../src/cluster/state.ts';
import { loadConfig } from '../../src/config/load.ts';
import { UserError } from '../../src/errors.ts';
import { plan } from '../../src/plan/plan.ts';
import { registry } from '../../src/services/registry.ts';
import { cnpgBackup, cnpgCluster, podVolumeBackup, veleroBackup } from './fixtures.ts';

const root = resolve(import.meta.dirname, '../..');
const p = plan(await loadConfig(resolve(root, 'platform.yaml'), registry), registry);
const NOW = Date.parse('2026-12-03T12:00:00Z');

describe('the schedule gap of a cron expression', () => {
  it.each([
    ['0 3 * * *', 1440],
    ['*/15 * * * *', 15],
    ['0 2,14 * * *', 720],
    ['30 2 * * 1-5', 3 * 1440], // Friday to Monday
    ['0 3 * * 0', 7 * 1440],
    ['0 3 1 * *', 31 * 1440],
    ['0 3 1,15 * 1', 7 * 1440], // day of month OR Monday
  ])('%s runs at least every %i minutes', (expr, gap) => expect(cronGapMinutes(expr)).toBe(gap));
});

describe('the backup units of the default platform', () => {
  it('are every service with a database archive or kept volumes, and no cache', () => {
    const units = backupUnits(p);
    expect(units.map((u) => u.service).sort()).toEqual(
      ['comfyui', 'keycloak', 'kube-prometheus-stack', 'litellm', 'n8n', 'open-webui', 'qdrant'].sort(),
    );
    expect(units.find((u) => u.service === 'n8n')).toMatchObject({
      database: { cluster: 'n8n-db', objectStore: 'n8n-db-backup' },
      volumes: ['data'],
      snapshot: expect.stringContaining('n8n export'),
    });
  });

  it('refuse --service for a cache, naming why and what has a backup', () => {
    expect(() => unitOf(p, 'valkey')).toThrow(UserError);
    expect(() => unitOf(p, 'valkey')).toThrow(
      /valkey keeps nothing worth a backup: a cache.*Services with a backup: .*keycloak/,
    );
    expect(() => unitOf(p, 'nope')).toThrow(/nope is not a service of this platform/);
  });
});

describe('shai backup status', () => {
  const units = backupUnits(p).filter((u) => ['keycloak', 'open-webui', 'litellm'].includes(u.service));

  it('reports the last good backup, its age against the daily schedule, its size and where it is', () => {
    const state = makeState('test', [
      cnpgCluster('auth', 'keycloak-db', 'True'),
      cnpgBackup('auth', 'keycloak-db-20261203030000', 'keycloak-db', {
        phase: 'completed',
        startedAt: '2026-12-03T03:00:01Z',
        stoppedAt: '2026-12-03T03:02:10Z',
        destinationPath: 's3://velero/cnpg/auth/',
        serverName: 'keycloak-db',
      }),
      cnpgBackup('auth', 'keycloak-db-20261202030000', 'keycloak-db', {
        phase: 'completed',
        stoppedAt: '2026-12-02T03:01:00Z',
      }),
      veleroBackup('velero-daily-20261203030000', ['ai', 'automation', 'gpu', 'monitoring'], {
        phase: 'Completed',
        completionTimestamp: '2026-12-03T03:20:00Z',
      }),
      podVolumeBackup(
        'velero-daily-20261203030000',
        'ai',
        'open-webui-5f7d9c8b6-abcde',
        'data',
        3 * 1024 ** 3,
      ),
      // Another pod's volume in the same backup does not count for open-webui.
      podVolumeBackup('velero-daily-20261203030000', 'ai', 'qdrant-0', 'data', 7),
    ]);
    const rows = backupStatus(units, state, NOW);
    expect(rows.find((r) => r.service === 'keycloak')).toMatchObject({
      method: 'database',
      state: 'ok',
      lastGood: '2026-12-03T03:02:10Z',
      ageMinutes: 8 * 60 + 57,
      scheduleMinutes: 1440,
      where: 's3://velero/cnpg/auth/ (server keycloak-db)',
    });
    expect(rows.find((r) => r.service === 'open-webui')).toMatchObject({
      method: 'volumes',
      state: 'ok',
      ageMinutes: 8 * 60 + 40,
      bytes: 3 * 1024 ** 3,
      where: 'Velero Backup backup/velero-daily-20261203030000 (default)',
    });
    expect(rows.find((r) => r.service === 'litellm')).toMatchObject({ state: 'missing' });
    expect(statusLines(rows).join('\n')).toMatch(
      /open-webui\s+volumes\s+ok\s+2026-12-03T03:20:00Z\s+8h 40m \/ 1d\s+3\.0 GiB/,
    );
    // --max-age 12h: litellm has none; 8h is fine.
    expect(tooOld(rows, 12 * 60).map((r) => r.service)).toEqual(['litellm']);
    expect(tooOld(rows, 8 * 60).map((r) => r.service)).toEqual(['keycloak', 'litellm', 'open-webui']);
  });

  it('says stale past the schedule, and failed when the last try or the WAL archive failed, in the operator’s words', () => {
    const state = makeState('test', [
      cnpgCluster(
        'auth',
        'keycloak-db',
        'False',
        'unexpected failure invoking barman-cloud-wal-archive: exit status 4',
      ),
      cnpgBackup('auth', 'keycloak-db-old', 'keycloak-db', {
        phase: 'completed',
        stoppedAt: '2026-12-01T03:02:00Z',
      }),
      cnpgBackup('ai', 'litellm-db-old', 'litellm-db', {
        phase: 'completed',
        stoppedAt: '2026-12-01T03:02:00Z',
      }),
      cnpgBackup('ai', 'litellm-db-new', 'litellm-db', {
        phase: 'failed',
        startedAt: '2026-12-03T03:00:00Z',
        error: 'rpc error: code = Unknown desc = missing key ACCESS_KEY_ID',
      }),
      veleroBackup('velero-daily-20261201030000', ['ai'], {
        phase: 'Completed',
        completionTimestamp: '2026-12-01T03:20:00Z',
      }),
    ]);
    const rows = backupStatus(units, state, NOW);
    expect(rows.find((r) => r.service === 'keycloak')).toMatchObject({
      state: 'failed',
      detail: 'WAL archiving fails: unexpected failure invoking barman-cloud-wal-archive: exit status 4',
    });
    expect(rows.find((r) => r.service === 'litellm')).toMatchObject({
      state: 'failed',
      detail: expect.stringContaining('missing key ACCESS_KEY_ID'),
    });
    expect(rows.find((r) => r.service === 'open-webui')).toMatchObject({
      state: 'stale',
      ageMinutes: 2 * 1440 + 8 * 60 + 40,
    });
  });
});
