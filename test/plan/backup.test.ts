import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { plan } from '../../src/plan/plan.ts';
import { registry } from '../../src/services/registry.ts';

const root = resolve(import.meta.dirname, '../..');
const planOf = async (file: string) => plan(await loadConfig(resolve(root, file), registry), registry);
const IN_CLUSTER = /^the only backup target, .*, is inside the cluster/;

describe('the backup target warning', () => {
  it('warns when the only target is the in-cluster MinIO (the default platform), naming the example off the cluster', async () => {
    const p = await planOf('platform.yaml');
    const w = p.warnings.filter((x) => IN_CLUSTER.test(x.message));
    expect(w).toEqual([
      expect.objectContaining({
        configPath: 'backup.target.endpoint',
        message: expect.stringContaining('examples/offsite-backup.yaml'),
      }),
    ]);
  });

  it('does not warn for a NAS off the cluster (examples/offsite-backup.yaml), whose key pair the user sets', async () => {
    const p = await planOf('examples/offsite-backup.yaml');
    expect(p.warnings.filter((x) => IN_CLUSTER.test(x.message))).toEqual([]);
    expect(p.config.backup!.target.endpoint).not.toMatch(/\.svc/);
    // The database archive's S3 keys cannot be composed from a MinIO the platform does not run.
    const keys = p.secrets.filter((s) => s.name.endsWith('-backup-s3'));
    expect(keys.map((s) => s.service).sort()).toEqual(['keycloak', 'litellm', 'n8n']);
    for (const s of keys) for (const k of Object.values(s.keys)) expect(k.kind).toBe('external');
  });

  it('plans no velero-s3 (composed from MinIO’s root credentials) when MinIO is not the target: Velero reads the user’s file', async () => {
    const p = await planOf('examples/offsite-backup.yaml');
    const velero = p.secrets.filter((s) => s.service === 'velero').map((s) => s.name);
    expect(velero).toEqual([p.config.backup!.target.credentials.name]);
    const def = await planOf('platform.yaml');
    expect(def.secrets.filter((s) => s.service === 'velero').map((s) => s.name)).toEqual(['velero-s3']);
  });

  it('composes the archive keys from MinIO’s root credentials when the target is the planned MinIO', async () => {
    const p = await planOf('platform.yaml');
    const keys = p.secrets.filter((s) => s.name.endsWith('-backup-s3'));
    expect(keys.length).toBeGreaterThan(0);
    for (const s of keys)
      for (const k of Object.values(s.keys))
        expect(k).toMatchObject({
          kind: 'composed',
          template: expect.stringMatching(/^\$\{backup\/minio-root\//),
        });
  });
});
