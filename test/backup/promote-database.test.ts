/*
 * The plan of `shai backup restore --promote` for a database (pure): which restored Cluster it promotes, when it
 * refuses, and that a second run finds the promotion already recorded. The scratch Clusters are the ones
 * `shai backup restore` builds (restoreObjects), with the status CloudNativePG writes when one is up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreObjects } from '../../src/backup/objects.ts';
import { databasePromotion, databasePromotionSteps } from '../../src/backup/promote-database.ts';
import { unitOf } from '../../src/backup/units.ts';
import { appendRecovery } from '../../src/config/edit-recoveries.ts';
import { parseConfig } from '../../src/config/load.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import type { Plan } from '../../src/plan/types.ts';
import { registry } from '../../src/services/registry.ts';
import { IMAGES } from '../../src/services/versions.ts';
import { ROOT } from '../helpers/cli.ts';

const TEXT = readFileSync(join(ROOT, 'platform.yaml'), 'utf8');
const planOf = (text: string) => makePlan(parseConfig(text, 'platform.yaml', registry), registry);
const SCRATCH = 'shai-restore-keycloak';

/** The Cluster `shai backup restore --service keycloak [--at]` creates in the scratch namespace, up or not. */
function scratchCluster(plan: Plan, at: string | undefined, healthy = true): KubeObject {
  const cluster = restoreObjects(plan, unitOf(plan, 'keycloak'), {
    namespace: SCRATCH,
    ...(at ? { at } : {}),
    postgresImage: IMAGES.postgres,
    now: new Date('2026-12-03T12:00:00Z'),
  }).find((o) => o.kind === 'Cluster')!;
  return { ...cluster, ...(healthy ? { status: { phase: 'Cluster in healthy state' } } : {}) };
}

const promotion = (plan: Plan, clusters: KubeObject[], at?: string) =>
  databasePromotion(
    unitOf(plan, 'keycloak'),
    plan.services.find((s) => s.name === 'keycloak')!.database!,
    plan.config.backup?.recoveries ?? [],
    clusters,
    SCRATCH,
    at,
  );

describe('databasePromotion', () => {
  const plan = planOf(TEXT);

  it('promotes the healthy restore as the next generation, at the time it recovered to', () => {
    const at = '2026-12-03T11:30:00Z';
    expect(promotion(plan, [scratchCluster(plan, at)])).toEqual({
      recorded: false,
      entry: { service: 'keycloak', at },
      cluster: 'keycloak-db-r1',
      source: 'keycloak-db',
    });
    // --at may be written in another offset: the same instant is the same restore.
    expect(promotion(plan, [scratchCluster(plan, at)], '2026-12-03T12:30:00+01:00')).toMatchObject({
      entry: { at },
    });
    // A restore to the end of the archive is promoted to the end of the archive (no time).
    expect(promotion(plan, [scratchCluster(plan, undefined)])).toMatchObject({
      entry: { service: 'keycloak' },
    });
  });

  it('refuses a scratch namespace without a restored Cluster, one not up, or another time than --at', () => {
    expect(() => promotion(plan, [])).toThrow(
      'keycloak: no restored database Cluster in shai-restore-keycloak to promote; restore there first and prove it (shai backup restore --service keycloak --probe), then promote',
    );
    expect(() => promotion(plan, [scratchCluster(plan, undefined, false)])).toThrow(
      /is not started, not healthy/,
    );
    expect(() =>
      promotion(plan, [{ ...scratchCluster(plan, undefined), status: { phase: 'Setting up primary' } }]),
    ).toThrow(/is "Setting up primary", not healthy/);
    expect(() => promotion(plan, [scratchCluster(plan, undefined)], '2026-12-03T11:30:00Z')).toThrow(
      /--at 2026-12-03T11:30:00Z, but the restore in shai-restore-keycloak recovered to the end of the archive; promote what was proven, or restore again \(shai backup restore --service keycloak --at 2026-12-03T11:30:00Z\)/,
    );
  });

  it('picks the newest restored Cluster in the namespace', () => {
    const older = {
      ...scratchCluster(plan, '2026-12-03T10:00:00Z'),
      metadata: { name: 'keycloak-db-old', creationTimestamp: '2026-12-03T10:05:00Z' },
    };
    const newer = {
      ...scratchCluster(plan, '2026-12-03T11:30:00Z'),
      metadata: { name: 'keycloak-db', creationTimestamp: '2026-12-03T12:00:00Z' },
    };
    expect(promotion(plan, [older, newer])).toMatchObject({ entry: { at: '2026-12-03T11:30:00Z' } });
  });

  it('a second run on the promoted platform.yaml finds it recorded; a restore of another archive is refused', () => {
    const at = '2026-12-03T11:30:00Z';
    const restored = scratchCluster(plan, at);
    const promoted = planOf(appendRecovery(TEXT, { service: 'keycloak', at }));
    expect(promotion(promoted, [restored])).toEqual({ recorded: true, index: 0, cluster: 'keycloak-db-r1' });
    // A restore made before the promotion, but to another time than the one recorded: not this promotion.
    expect(() => promotion(promoted, [scratchCluster(plan, '2026-12-03T11:40:00Z')])).toThrow(
      'keycloak: the restore in shai-restore-keycloak recovered from the archive of keycloak-db, but platform.yaml runs keycloak-db-r1; restore again (shai backup restore --service keycloak) and prove that',
    );
    // A restore of the promoted generation's own archive is the next promotion.
    expect(promotion(promoted, [scratchCluster(promoted, '2026-12-04T09:00:00Z')])).toMatchObject({
      recorded: false,
      cluster: 'keycloak-db-r2',
      source: 'keycloak-db-r1',
    });
  });

  it('the steps name the files, the new Cluster, the commit and the probe of the new generation', () => {
    const unit = unitOf(plan, 'keycloak');
    const p = promotion(plan, [scratchCluster(plan, undefined)]);
    const lines = databasePromotionSteps(
      unit,
      p,
      { config: 'platform.yaml', tree: 'deploy' },
      { dryRun: false },
    );
    expect(lines[1]).toContain("recovered from keycloak-db's archive to the end of the archive");
    expect(lines[3]).toContain('cnpg.io/cluster=keycloak-db-r1,cnpg.io/instanceRole=primary');
    expect(lines[3]).toMatch(/^when it is up, prove database keycloak has its tables: kubectl -n auth exec/);
  });
});
