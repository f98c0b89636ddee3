import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { diagnose } from '../../src/cluster/diagnose.ts';
import { dumpCommand } from '../../src/cluster/dump-command.ts';
import { readDumpFiles } from '../../src/cluster/read-dump.ts';
import { healthyPlatform } from '../fixtures/cluster/healthy.ts';
import { startFakeApi, type FakeApi } from './api-server.ts';

const hasKubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('the documented dump command', () => {
  // Runs the real kubectl against the replay server: the dump format is kubectl's own, not our imitation.
  it.skipIf(!hasKubectl)(
    'writes, with plain kubectl, a dump doctor reads, and no secret value',
    async () => {
      const secret = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'litellm-secret', namespace: 'ai' },
        data: { 'master-key': 'c2stc2VjcmV0' },
        type: 'Opaque',
      };
      api = await startFakeApi([...healthyPlatform(), secret], { missing: ['Volume'] });
      const cwd = mkdtempSync(join(tmpdir(), 'shai-dump-'));
      const script = dumpCommand()
        .split('\n')
        .filter((l) => !l.startsWith('shai '))
        .join('\n');
      await promisify(execFile)('bash', ['-e', '-c', script], {
        cwd,
        env: { ...process.env, KUBECONFIG: api.kubeconfig },
      });
      const dir = join(cwd, 'cluster-dump');
      expect(readdirSync(dir).sort()).toEqual([
        'applications.argoproj.io.json',
        'backups.postgresql.cnpg.io.json',
        'backups.velero.io.json',
        'certificates.cert-manager.io.json',
        'cluster.json',
        'ingressroutes.traefik.io.json',
        'scheduledbackups.postgresql.cnpg.io.json',
        'schedules.velero.io.json',
        'secrets.json',
        'volumes.longhorn.io.json',
      ]);
      expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain('c2stc2VjcmV0');
      const state = await readDumpFiles([dir]);
      expect(state.get('Secret', 'ai', 'litellm-secret')).toMatchObject({ data: { 'master-key': '' } });
      expect(state.objects('Pod')).toHaveLength(healthyPlatform().filter((o) => o.kind === 'Pod').length);
      // The Longhorn CRD is not installed: the dump says there are no volumes, and every analyzer runs.
      expect(state.available('Volume')).toBe(true);
      const findings = diagnose(state).findings.map((f) => `${f.rule} ${f.status}`);
      expect(findings).toEqual([]);
    },
    60_000,
  );
});
