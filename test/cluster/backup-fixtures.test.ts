/*
 * The backup objects of doctor's fixtures (test/fixtures/cluster/backups.ts, in the healthy dump and the backup
 * analyzers' failure dumps) are shaped as Velero v1.18.1 and CloudNativePG v1.30.0 write them: each validates
 * against the vendored CRD schema of its kind (vendor/crds, strict: an unknown or mistyped field fails).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KINDS, kindKey } from '../../src/cluster/kinds.ts';
import { readDumpFiles } from '../../src/cluster/read-dump.ts';
import { validatorFor } from '../../src/k8s/schemas.ts';

const dumps = join(import.meta.dirname, '../fixtures/cluster/dumps');
const BACKUP_KINDS = new Set([
  'velero.io/v1/Backup',
  'velero.io/v1/Schedule',
  'postgresql.cnpg.io/v1/Backup',
  'postgresql.cnpg.io/v1/ScheduledBackup',
]);

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { namespace?: string; name: string };
}

/** Every backup object of every dump file, with the file it is in. */
function backupObjects(): [string, Obj][] {
  const files = readdirSync(dumps, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
  return files.flatMap((f) => {
    let list: { items?: Obj[] };
    try {
      list = JSON.parse(readFileSync(join(dumps, f), 'utf8')) as { items?: Obj[] };
    } catch {
      return []; // the deliberately broken dumps (not-json, truncated)
    }
    return (list.items ?? [])
      .filter((o) => BACKUP_KINDS.has(`${o.apiVersion}/${o.kind}`))
      .map((o) => [f, o] as [string, Obj]);
  });
}

describe("the backup objects of doctor's dumps", () => {
  const objects = backupObjects();

  it('cover every backup kind doctor reads', () => {
    expect(new Set(objects.map(([, o]) => `${o.apiVersion}/${o.kind}`))).toEqual(BACKUP_KINDS);
  });

  it('validate against the CRD schema of their kind', () => {
    for (const [file, o] of objects) {
      const validate = validatorFor(o.apiVersion, o.kind);
      expect(validate, `${o.apiVersion} ${o.kind}`).toBeDefined();
      expect(validate!(o), `${file}: ${o.kind} ${o.metadata.namespace}/${o.metadata.name}`).toEqual([]);
    }
  });
});

describe("Velero's and CloudNativePG's Backup, two kinds of one name", () => {
  it('are known by kind and group, every other kind by its name', () => {
    expect(kindKey('Backup', 'velero.io/v1')).toBe('Backup.velero.io');
    expect(kindKey('Backup', 'postgresql.cnpg.io/v1')).toBe('Backup.postgresql.cnpg.io');
    expect(kindKey('Schedule', 'velero.io/v1')).toBe('Schedule');
    expect(new Set(KINDS.map((k) => k.key)).size).toBe(KINDS.length);
  });

  it("are read apart: a dump with only Velero's Backups cannot speak for CloudNativePG's", async () => {
    const state = await readDumpFiles([join(dumps, 'velero-backup-failed-fails.json')]);
    expect(state.available('Backup.velero.io')).toBe(true);
    expect(state.available('Backup.postgresql.cnpg.io')).toBe(false);
  });
});
