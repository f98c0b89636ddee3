/*
 * A promoted database recovery is a change of platform.yaml (`backup.recoveries`): generation n of a service's
 * database is a new CloudNativePG Cluster `<service>-db-r<n>`, bootstrapped from generation n-1's archive and
 * archiving under its own server name, and everything that names the cluster follows the plan. Generation 0 is
 * what every platform renders today (render --check holds deploy/ to that). The rendered Cluster, ObjectStore and
 * ScheduledBackup validate against the vendored CRDs (CloudNativePG v1.30.0, plugin-barman-cloud).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { restoreObjects } from '../../src/backup/objects.ts';
import { unitOf } from '../../src/backup/units.ts';
import { parseConfig } from '../../src/config/load.ts';
import type { RecoveryConfig } from '../../src/config/schema.ts';
import { ConfigError } from '../../src/errors.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { loadSchemas, validatorFor } from '../../src/k8s/schemas.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import { buildManifest } from '../../src/render/tree.ts';
import { registry } from '../../src/services/registry.ts';
import { IMAGES } from '../../src/services/versions.ts';
import { ROOT } from '../helpers/cli.ts';

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const TEXT = readFileSync(join(ROOT, 'platform.yaml'), 'utf8');

function platformWith(recoveries?: RecoveryConfig[]): string {
  const doc = parse(TEXT) as Yaml;
  if (recoveries) doc.backup.recoveries = recoveries;
  return stringify(doc);
}

function rendered(recoveries?: RecoveryConfig[]) {
  const plan = makePlan(parseConfig(platformWith(recoveries), 'platform.yaml', registry), registry);
  return { plan, objects: buildManifest(plan).manifest.map((e) => e.object) as Yaml[] };
}

const find = (objects: Yaml[], kind: string, ns: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.namespace === ns && o.metadata.name === name);

/** Every value of `cnpg.io/cluster` in a selector of the rendered objects (NetworkPolicies). */
function clusterSelectors(objects: Yaml[]): string[] {
  const out: string[] = [];
  JSON.stringify(objects, (k, v: unknown) => {
    if (k === 'cnpg.io/cluster' && typeof v === 'string') out.push(v);
    return v;
  });
  return [...new Set(out)].sort();
}

const T1 = '2026-12-03T14:30:00Z';
const T2 = '2026-12-10T09:00:00+01:00';

describe('a database generation', () => {
  it('is 0 without recoveries, and an empty list renders byte for byte what no list renders', () => {
    const none = rendered();
    expect(none.plan.services.find((s) => s.name === 'keycloak')!.database).toEqual({
      name: 'keycloak',
      cluster: 'keycloak-db',
      base: 'keycloak-db',
      generation: 0,
      size: '5Gi',
      storageClass: 'longhorn',
    });
    const cluster = find(none.objects, 'Cluster', 'auth', 'keycloak-db')!;
    expect(cluster.spec.bootstrap).toEqual({
      initdb: { database: 'keycloak', owner: 'keycloak', secret: { name: 'keycloak-db' } },
    });
    expect(cluster.spec.externalClusters).toBeUndefined();
    expect(stringify(rendered([]).objects)).toBe(stringify(none.objects));
  });

  describe('1: the first promoted recovery of keycloak', () => {
    const { plan, objects } = rendered([{ service: 'keycloak', at: T1 }]);

    it('is a new Cluster keycloak-db-r1 recovered from keycloak-db up to the time, owning the planned database', () => {
      expect(find(objects, 'Cluster', 'auth', 'keycloak-db')).toBeUndefined();
      const cluster = find(objects, 'Cluster', 'auth', 'keycloak-db-r1')!;
      expect(cluster.spec.bootstrap).toEqual({
        recovery: {
          source: 'origin',
          recoveryTarget: { targetTime: T1 },
          database: 'keycloak',
          owner: 'keycloak',
          secret: { name: 'keycloak-db' },
        },
      });
      expect(cluster.spec.externalClusters).toEqual([
        {
          name: 'origin',
          plugin: {
            name: 'barman-cloud.cloudnative-pg.io',
            parameters: { barmanObjectName: 'keycloak-db-backup', serverName: 'keycloak-db' },
          },
        },
      ]);
    });

    it('archives its WAL under its own name (no serverName: the cluster name) into the same ObjectStore', () => {
      const cluster = find(objects, 'Cluster', 'auth', 'keycloak-db-r1')!;
      expect(cluster.spec.plugins).toEqual([
        {
          name: 'barman-cloud.cloudnative-pg.io',
          isWALArchiver: true,
          parameters: { barmanObjectName: 'keycloak-db-backup' },
        },
      ]);
      expect(find(objects, 'ObjectStore', 'auth', 'keycloak-db-backup')).toBeDefined();
      expect(find(objects, 'ScheduledBackup', 'auth', 'keycloak-db')).toBeUndefined();
      expect(find(objects, 'ScheduledBackup', 'auth', 'keycloak-db-r1')!.spec.cluster).toEqual({
        name: 'keycloak-db-r1',
      });
    });

    it('is what Keycloak, the NetworkPolicies, the alerts and the dashboards name', () => {
      const env = find(objects, 'Deployment', 'auth', 'keycloak')!.spec.template.spec.containers[0].env;
      expect(env.find((e: Yaml) => e.name === 'KC_DB_URL').value).toBe(
        'jdbc:postgresql://keycloak-db-r1-rw.auth.svc.cluster.local:5432/keycloak',
      );
      expect(clusterSelectors(objects)).toEqual(['keycloak-db-r1', 'litellm-db', 'n8n-db']);
      const rule = JSON.stringify(find(objects, 'PrometheusRule', 'monitoring', 'shai-platform'));
      expect(rule).toContain('cluster=\\"keycloak-db-r1\\"');
      expect(rule).not.toContain('cluster=\\"keycloak-db\\"');
    });

    it('leaves the other databases at generation 0', () => {
      expect(find(objects, 'Cluster', 'ai', 'litellm-db')!.spec.bootstrap.initdb).toBeDefined();
      expect(plan.services.find((s) => s.name === 'n8n')!.database!.generation).toBe(0);
    });

    it('is what shai backup restores from: the running generation, in the shared ObjectStore', () => {
      const unit = unitOf(plan, 'keycloak');
      expect(unit.database).toMatchObject({ cluster: 'keycloak-db-r1', objectStore: 'keycloak-db-backup' });
      const restored = restoreObjects(plan, unit, {
        namespace: 'shai-restore-keycloak',
        postgresImage: IMAGES.postgres,
        now: new Date('2026-12-05T00:00:00Z'),
      }).find((o) => o.kind === 'Cluster') as Yaml;
      expect(restored.metadata.name).toBe('keycloak-db-r1');
      expect(restored.spec.externalClusters[0].plugin.parameters).toEqual({
        barmanObjectName: 'keycloak-db-backup',
        serverName: 'keycloak-db-r1',
      });
      expect(restored.spec.plugins).toBeUndefined();
    });
  });

  describe('2: a second recovery, and one of LiteLLM to the end of its archive', () => {
    const { plan, objects } = rendered([
      { service: 'keycloak', at: T1 },
      { service: 'litellm' },
      { service: 'keycloak', at: T2 },
    ]);

    it('recovers keycloak-db-r2 from generation 1, up to the second time', () => {
      const cluster = find(objects, 'Cluster', 'auth', 'keycloak-db-r2')!;
      expect(cluster.spec.bootstrap.recovery.recoveryTarget).toEqual({ targetTime: T2 });
      expect(cluster.spec.externalClusters[0].plugin.parameters.serverName).toBe('keycloak-db-r1');
      expect(objects.filter((o) => o.kind === 'Cluster').map((o) => o.metadata.name)).toEqual(
        expect.not.arrayContaining(['keycloak-db', 'keycloak-db-r1']),
      );
    });

    it('recovers LiteLLM without a target (the end of the archive), and composes its URL for the new cluster', () => {
      const cluster = find(objects, 'Cluster', 'ai', 'litellm-db-r1')!;
      expect(cluster.spec.bootstrap.recovery.recoveryTarget).toBeUndefined();
      expect(cluster.spec.externalClusters[0].plugin.parameters.serverName).toBe('litellm-db');
      const secret = plan.secrets.find((s) => s.name === 'litellm-db')!;
      expect(secret.keys.url).toEqual({
        kind: 'composed',
        template: 'postgresql://${username}:${password}@litellm-db-r1-rw.ai.svc.cluster.local:5432/litellm',
      });
    });

    it('validates against the vendored CRDs (Cluster, ObjectStore, ScheduledBackup)', async () => {
      const gen1 = rendered([{ service: 'keycloak', at: T1 }]).objects;
      const database = [...gen1, ...objects].filter((o) =>
        ['Cluster', 'ObjectStore', 'ScheduledBackup'].includes(o.kind),
      ) as KubeObject[];
      expect(database.map((o) => o.metadata.name)).toEqual(
        expect.arrayContaining(['keycloak-db-r1', 'keycloak-db-r2', 'litellm-db-r1', 'keycloak-db-backup']),
      );
      await loadSchemas(database);
      for (const o of database) {
        const validate = validatorFor(o.apiVersion, o.kind);
        expect(validate, `${o.apiVersion} ${o.kind}`).toBeDefined();
        expect(validate!(o), `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`).toEqual([]);
      }
    });
  });
});

describe('backup.recoveries in platform.yaml', () => {
  function errors(lines: string): string[] {
    const text = TEXT.replace(/^ {2}retention:\n {4}days: 14\n/m, (m) => `${m}  recoveries:\n${lines}`);
    expect(text).not.toBe(TEXT);
    try {
      parseConfig(text, 'platform.yaml', registry);
      return [];
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      return err.message.split('\n');
    }
  }
  const line = TEXT.split('\n').findIndex((l) => l === '    days: 14') + 3;

  it('accepts a service with an archived database, with or without a time', () => {
    expect(errors(`    - service: keycloak\n      at: ${T1}\n    - service: n8n\n`)).toEqual([]);
  });

  it('refuses an unknown service, naming the close one and those that can be recovered', () => {
    expect(errors('    - service: keycloack\n')).toEqual([
      `platform.yaml:${line}:16 backup.recoveries[0].service: keycloack is not a service (did you mean keycloak?); services with an archived database: keycloak, litellm, n8n`,
    ]);
  });

  it('refuses a service without a database', () => {
    expect(errors('    - service: qdrant\n')).toEqual([
      `platform.yaml:${line}:16 backup.recoveries[0].service: qdrant has no database archived by CloudNativePG to restore; services with an archived database: keycloak, litellm, n8n`,
    ]);
  });

  it('refuses a time without its offset, and one not after the previous recovery of the service', () => {
    expect(errors('    - service: n8n\n      at: 2026-12-03T14:30:00\n')).toEqual([
      `platform.yaml:${line + 1}:11 backup.recoveries[0].at: expected a time with its offset such as 2026-12-03T14:30:00Z, got "2026-12-03T14:30:00"`,
    ]);
    expect(
      errors(
        `    - service: n8n\n      at: ${T1}\n    - service: n8n\n      at: 2026-12-03T15:00:00+01:00\n`,
      ),
    ).toEqual([
      `platform.yaml:${line + 3}:11 backup.recoveries[1].at: expected a time after n8n's previous recovery (${T1}): each generation recovers from the archive of the one before`,
    ]);
  });
});
