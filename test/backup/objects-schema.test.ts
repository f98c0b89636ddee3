/*
 * What `shai backup run` and `restore` apply is what the operators accept: every object they build for every
 * service with a backup (GitLab on, so Valkey's restore step is among them) validates against the vendored CRD
 * schema of its kind (vendor/crds: CloudNativePG v1.30.0, plugin-barman-cloud, Velero v1.18.1), strictly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { restoreObjects, runObjects } from '../../src/backup/objects.ts';
import { backupUnits } from '../../src/backup/units.ts';
import { parseConfig } from '../../src/config/load.ts';
import { loadSchemas, validatorFor } from '../../src/k8s/schemas.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import { registry } from '../../src/services/registry.ts';
import { IMAGES } from '../../src/services/versions.ts';
import { ROOT } from '../helpers/cli.ts';

describe('the objects shai backup applies', () => {
  const doc = parse(readFileSync(join(ROOT, 'platform.yaml'), 'utf8')) as {
    services: Record<string, object>;
  };
  doc.services.gitlab = { ...(doc.services.gitlab ?? {}), enabled: true };
  const plan = makePlan(parseConfig(stringify(doc), 'platform.yaml', registry), registry);
  const now = new Date('2026-12-03T15:30:00Z');
  const objects = backupUnits(plan).flatMap((u) => [
    ...runObjects(plan, u, now),
    ...restoreObjects(plan, u, {
      namespace: `shai-restore-${u.service}`,
      at: '2026-12-03T12:00:00Z',
      veleroBackup: 'velero-daily-20261203030000',
      postgresImage: IMAGES.postgres,
      now,
    }),
  ]);

  it('include a Velero Restore with the restore init hook', () => {
    expect(
      objects.some((o) => o.kind === 'Restore' && (o.spec as { hooks?: unknown } | undefined)?.hooks),
    ).toBe(true);
  });

  it('validate against the schema of their kind', async () => {
    await loadSchemas(objects);
    for (const o of objects) {
      const validate = validatorFor(o.apiVersion, o.kind);
      expect(validate, `${o.apiVersion} ${o.kind}`).toBeDefined();
      expect(validate!(o), `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`).toEqual([]);
    }
  });
});
