/*
 * A real point-in-time recovery of PostgreSQL from the S3 target, the way the rendered platform takes backups:
 * the rendered ObjectStore of keycloak's database (destination, compression) and its Cluster's name as the barman
 * server name; barman-cloud 3.19.1 (the plugin sidecar's version) archiving WAL and taking a base backup into a
 * real S3 server on loopback (moto's, see harness/s3.ts), then barman-cloud-restore + barman-cloud-wal-restore and
 * PostgreSQL's recovery to a timestamp between two writes. Only the endpoint's host differs from the render.
 * The restore reads what `shai backup restore --service keycloak --at` creates (backup/objects.ts): the archive
 * its ObjectStore names, the server name and target time of its recovery Cluster. PostgreSQL is Debian's (15 on
 * bookworm); the platform's image runs 17, with the same recovery settings.
 *
 * Then the promotion (`shai backup restore --promote`, backup.recoveries): generation 1 of keycloak's database, as
 * rendered for the recovery at that time, recovers server keycloak-db into a new instance and archives under its
 * own server name, keycloak-db-r1; barman-cloud-check-wal-archive (the plugin's check before a new cluster's
 * first segment) passes for that name and refuses keycloak-db's. Generation 1 takes a base backup and writes
 * on; generation 2, rendered for a second recovery, is restored from generation 1's archive, rows checked.
 */
import {
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ROOT } from '../helpers/cli.ts';
import { describeWithTools } from '../helpers/tools.ts';
import {
  backupIds,
  baseBackup,
  checkWalArchive,
  fetchCommand,
  restoreBackup,
  restoreWals,
  spoolCommand,
  WalArchiver,
  type Store,
} from './harness/barman.ts';
import { freePort, loopbackAddress } from './harness/loopback.ts';
import { postgresProcessUser, runPostgres, startPostgres, superuserPsql } from './harness/postgres.ts';
import type { Server } from './harness/process.ts';
import { rendered, renderedPlatform, type RenderedPlatform } from './harness/rendered.ts';
import { startS3, type S3 } from './harness/s3.ts';
import { restoreObjects } from '../../src/backup/objects.ts';
import { unitOf } from '../../src/backup/units.ts';
import { parseAt } from '../../src/cli/commands/backup.ts';
import { IMAGES } from '../../src/services/versions.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import type { RecoveryConfig } from '../../src/config/schema.ts';

const TOOLS = [
  'initdb',
  'postgres',
  'psql',
  'moto_server',
  'barman-cloud-backup',
  'barman-cloud-wal-archive',
  'barman-cloud-restore',
  'barman-cloud-wal-restore',
  'barman-cloud-backup-list',
  'barman-cloud-check-wal-archive',
];

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describeWithTools(
  'PostgreSQL point-in-time recovery through barman-cloud and S3',
  TOOLS,
  'bash .ci/tools.sh',
  () => {
    let s3: S3;
    let pg: Awaited<ReturnType<typeof startPostgres>>;
    let restored: Server | undefined;
    let store: Store;
    let archiver: WalArchiver;
    let platform: Awaited<ReturnType<typeof renderedPlatform>>;
    const servers: Server[] = [];
    /** What the first test proved, for the promotion after it: the target time, the base backup, the segments. */
    let first: { at: string; backupId: string; segments: string[] } | undefined;
    const work = mkdtempSync(join(tmpdir(), 'shai-pitr-'));
    const spool = join(work, 'spool');
    const fetched = join(work, 'fetched');
    const target = join(work, 'restored');

    beforeAll(async () => {
      platform = await renderedPlatform();
      const objectStore = rendered(platform, 'ObjectStore', 'auth', 'keycloak-db-backup').spec as Yaml;
      const cluster = rendered(platform, 'Cluster', 'auth', 'keycloak-db');
      expect((cluster.spec as Yaml).plugins).toEqual([
        expect.objectContaining({
          isWALArchiver: true,
          parameters: { barmanObjectName: 'keycloak-db-backup' },
        }),
      ]);
      s3 = await startS3();
      // The bucket of the destination (s3://BUCKET/prefix/), which the platform's bucket Job creates.
      await s3.createBucket(new URL(objectStore.configuration.destinationPath).host);
      store = {
        destination: objectStore.configuration.destinationPath,
        endpoint: s3.endpoint,
        server: cluster.metadata.name,
        compression: objectStore.configuration.wal.compression,
        env: s3.env,
      };
      const user = await postgresProcessUser();
      for (const d of [work, spool, fetched]) {
        mkdirSync(d, { recursive: true });
        if (user.uid !== undefined) chownSync(d, user.uid, user.gid!);
      }
      archiver = new WalArchiver(spool, store);
      const port = await freePort();
      pg = await startPostgres(await loopbackAddress([port]), port, [], {
        wal_level: 'replica',
        archive_mode: 'on',
        archive_command: spoolCommand(spool),
      });
    }, 180_000);

    afterAll(async () => {
      for (const server of servers.reverse()) await server.stop();
      await restored?.stop();
      await pg?.stop();
      await s3?.stop();
      rmSync(work, { recursive: true, force: true });
    });

    /** Ends the current WAL segment and waits until PostgreSQL has spooled it, then archives what is spooled. */
    async function switchAndArchive(): Promise<void> {
      const segment = await pg.sql('postgres', 'select pg_walfile_name(pg_switch_wal())');
      for (let i = 0; i < 200 && !readdirSync(spool).includes(segment); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(readdirSync(spool)).toContain(segment);
      await archiver.archive();
    }

    it('restores the rows committed up to the target time, row by row, and none after it', async () => {
      await pg.sql('postgres', 'create table notes (id int primary key, body text not null)');
      await pg.sql('postgres', "insert into notes values (1, 'before the base backup')");
      await switchAndArchive();
      await baseBackup(store, pg.dir, pg.port);
      const [backupId] = await backupIds(store);
      expect(backupId).toBeDefined();

      await pg.sql('postgres', "insert into notes values (2, 'after the backup, before the target')");
      // The target: after row 2 committed, before row 3 did (the server's clock, which stamps the commits),
      // written as `shai backup restore --at` takes it.
      const at = parseAt(
        await pg.sql(
          'postgres',
          `select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
        ),
      );
      await pg.sql('postgres', 'select pg_sleep(0.05)');
      await pg.sql('postgres', "insert into notes values (3, 'after the target')");
      await pg.sql('postgres', "update notes set body = 'changed after the target' where id = 1");
      await switchAndArchive();

      // The restore as `shai backup restore --service keycloak --at <at>` asks for it: its recovery Cluster
      // reads the archive its ObjectStore names, as the server its plugin parameters name, up to its target time.
      const objects = restoreObjects(platform.plan, unitOf(platform.plan, 'keycloak'), {
        namespace: 'shai-restore-keycloak',
        at,
        postgresImage: IMAGES.postgres,
        now: new Date(),
      });
      const recovery = objects.find((o) => o.kind === 'Cluster')!.spec as Yaml;
      const source = (recovery.externalClusters as Yaml[]).find(
        (c) => c.name === recovery.bootstrap.recovery.source,
      )!.plugin.parameters;
      const from = objects.find(
        (o) => o.kind === 'ObjectStore' && o.metadata.name === source.barmanObjectName,
      )!.spec as Yaml;
      const restoreStore: Store = {
        ...store,
        destination: from.configuration.destinationPath,
        server: source.serverName,
        compression: from.configuration.wal.compression,
      };
      // The base backup, then every archived WAL segment through barman-cloud-wal-restore.
      await restoreBackup(restoreStore, backupId!, target);
      // What recovery asks restore_command for: WAL segments (and timeline history files, none here); the
      // base backup's .backup label is archived too but recovery never requests it.
      const segments = archiver.archived().filter((n) => /^[0-9A-F]{24}$/.test(n));
      expect(segments.length).toBeGreaterThanOrEqual(2);
      await restoreWals(restoreStore, segments, fetched);
      const user = await postgresProcessUser();
      const settings = [
        `restore_command = '${fetchCommand(fetched)}'`,
        `recovery_target_time = '${cnpgRecoveryTargetTime(recovery.bootstrap.recovery.recoveryTarget.targetTime)}'`,
        "recovery_target_action = 'promote'",
        "archive_mode = 'off'",
      ];
      appendFileSync(join(target, 'postgresql.auto.conf'), `${settings.join('\n')}\n`);
      writeFileSync(join(target, 'recovery.signal'), '');
      const socket = join(work, 'socket');
      mkdirSync(socket, { recursive: true });
      if (user.uid !== undefined)
        for (const p of [target, socket, ...walk(target)]) chownSync(p, user.uid, user.gid!);
      const port = await freePort();
      restored = await runPostgres(target, socket, await loopbackAddress([port]), port);
      const psql = superuserPsql(socket, port, user);

      expect(await psql('postgres', 'select id, body from notes order by id')).toBe(
        ['1|before the base backup', '2|after the backup, before the target'].join('\n'),
      );
      // Promoted at the target: a read-write primary again.
      expect(await psql('postgres', 'select pg_is_in_recovery()')).toBe('f');
      first = { at, backupId: backupId!, segments };
    }, 300_000);

    /** The rendered Cluster of keycloak's database after these promoted recoveries, and its platform. */
    async function generation(
      recoveries: RecoveryConfig[],
    ): Promise<{ cluster: Yaml; platform: RenderedPlatform }> {
      const doc = parse(readFileSync(join(ROOT, 'platform.yaml'), 'utf8')) as Yaml;
      doc.backup.recoveries = recoveries;
      const file = join(work, `platform-${recoveries.length}.yaml`);
      writeFileSync(file, stringify(doc));
      const promoted = await renderedPlatform(file);
      const cluster = promoted.objects.find(
        (o: KubeObject) =>
          o.kind === 'Cluster' &&
          o.metadata.namespace === 'auth' &&
          o.metadata.name.startsWith('keycloak-db'),
      ) as Yaml;
      return { cluster, platform: promoted };
    }

    /** The archive a rendered Cluster recovers from and the one it archives into, as the plugin names them. */
    function archivesOf(cluster: Yaml, objects: KubeObject[]): { from: Store; into: Store } {
      const source = (cluster.spec.externalClusters as Yaml[]).find(
        (c) => c.name === cluster.spec.bootstrap.recovery.source,
      )!.plugin.parameters;
      const archiver = (cluster.spec.plugins as Yaml[]).find((p) => p.isWALArchiver)!.parameters;
      const storeOf = (name: string) => {
        const spec = objects.find((o) => o.kind === 'ObjectStore' && o.metadata.name === name)!.spec as Yaml;
        return {
          ...store,
          destination: spec.configuration.destinationPath,
          compression: spec.configuration.wal.compression,
        };
      };
      // The archiver's server name: its serverName parameter, else the Cluster's name
      // (plugin-barman-cloud v0.13.0 internal/cnpgi/operator/config/config.go:148-155).
      return {
        from: { ...storeOf(source.barmanObjectName), server: source.serverName },
        into: { ...storeOf(archiver.barmanObjectName), server: archiver.serverName ?? cluster.metadata.name },
      };
    }

    /**
     * Recovers `from`'s base backup and `wals` into a new data directory up to `targetTime` and starts it as the
     * operator would, with `settings` on top (archiving, for a generation that archives).
     */
    async function recoverInto(
      name: string,
      from: Store,
      backupId: string,
      wals: string[],
      targetTime: string,
      settings: string[],
    ) {
      const dir = join(work, name);
      const data = join(dir, 'data');
      const fetchedWals = join(dir, 'fetched');
      const socket = join(dir, 'socket');
      mkdirSync(socket, { recursive: true });
      await restoreBackup(from, backupId, data);
      await restoreWals(from, wals, fetchedWals);
      appendFileSync(
        join(data, 'postgresql.auto.conf'),
        `${[
          `restore_command = '${fetchCommand(fetchedWals)}'`,
          `recovery_target_time = '${cnpgRecoveryTargetTime(targetTime)}'`,
          "recovery_target_action = 'promote'",
          ...settings,
        ].join('\n')}\n`,
      );
      writeFileSync(join(data, 'recovery.signal'), '');
      const user = await postgresProcessUser();
      if (user.uid !== undefined) for (const p of [dir, ...walk(dir)]) chownSync(p, user.uid, user.gid!);
      const port = await freePort();
      const server = await runPostgres(data, socket, await loopbackAddress([port]), port);
      servers.push(server);
      return { port, socket, psql: superuserPsql(socket, port, user) };
    }

    it('promotes the recovery: generation 1 archives under its own name, which the plugin check lets through', async () => {
      expect(first, 'the point-in-time recovery above ran').toBeDefined();
      const { at, backupId, segments } = first!;
      const gen1 = await generation([{ service: 'keycloak', at }]);
      expect(gen1.cluster.metadata.name).toBe('keycloak-db-r1');
      expect(gen1.cluster.spec.bootstrap.recovery.recoveryTarget.targetTime).toBe(at);
      const { from, into } = archivesOf(gen1.cluster, gen1.platform.objects);
      // It recovers the archive the first generation wrote, and archives into a server name nobody wrote yet.
      expect(from).toEqual(store);
      expect(into.server).not.toBe(store.server);
      expect(await checkWalArchive(into)).toBeUndefined();
      expect(await checkWalArchive(from)).toMatch(/Expected empty archive/);

      const spool1 = join(work, 'gen1-spool');
      mkdirSync(spool1, { recursive: true });
      const user = await postgresProcessUser();
      if (user.uid !== undefined) chownSync(spool1, user.uid, user.gid!);
      const gen1Archiver = new WalArchiver(spool1, into);
      const g1 = await recoverInto('gen1', from, backupId, segments, at, [
        "archive_mode = 'on'",
        `archive_command = '${spoolCommand(spool1)}'`,
        "wal_level = 'replica'",
      ]);
      expect(await g1.psql('postgres', 'select id, body from notes order by id')).toBe(
        ['1|before the base backup', '2|after the backup, before the target'].join('\n'),
      );
      // Promoted at the target (recovery_target_action), a read-write primary that archives from now on.
      for (let i = 0; i < 300 && (await g1.psql('postgres', 'select pg_is_in_recovery()')) !== 'f'; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(await g1.psql('postgres', 'select pg_is_in_recovery()')).toBe('f');

      /** Ends generation 1's WAL segment and archives what it spooled (its new timeline's history included). */
      const switchGen1 = async () => {
        const segment = await g1.psql('postgres', 'select pg_walfile_name(pg_switch_wal())');
        for (let i = 0; i < 200 && !readdirSync(spool1).includes(segment); i++)
          await new Promise((r) => setTimeout(r, 50));
        expect(readdirSync(spool1)).toContain(segment);
        await gen1Archiver.archive();
      };
      await switchGen1();
      expect(gen1Archiver.archived().some((n) => n.endsWith('.history'))).toBe(true);
      // Its first archived segment made the new server's archive non-empty: the old one is untouched.
      expect(await checkWalArchive(into)).toMatch(/Expected empty archive/);
      expect(await backupIds(from)).toEqual([backupId]);

      await baseBackup(into, g1.socket, g1.port);
      const [gen1Backup] = await backupIds(into);
      expect(gen1Backup).toBeDefined();
      await g1.psql('postgres', "insert into notes values (4, 'written by generation 1')");
      const at2 = parseAt(
        await g1.psql(
          'postgres',
          `select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
        ),
      );
      await g1.psql('postgres', 'select pg_sleep(0.05)');
      await g1.psql('postgres', "insert into notes values (5, 'after the second target')");
      await switchGen1();

      // Generation 2, rendered for a second promoted recovery, is restored from generation 1's archive.
      const gen2 = await generation([
        { service: 'keycloak', at },
        { service: 'keycloak', at: at2 },
      ]);
      expect(gen2.cluster.metadata.name).toBe('keycloak-db-r2');
      const archives2 = archivesOf(gen2.cluster, gen2.platform.objects);
      expect(archives2.from).toEqual(into);
      expect(await checkWalArchive(archives2.into)).toBeUndefined();
      const g2 = await recoverInto(
        'gen2',
        archives2.from,
        gen1Backup!,
        // Its segments and the history of its timeline (recovery asks for both; never the .backup label).
        gen1Archiver.archived().filter((n) => /^[0-9A-F]{24}$|^[0-9A-F]{8}\.history$/.test(n)),
        gen2.cluster.spec.bootstrap.recovery.recoveryTarget.targetTime,
        ["archive_mode = 'off'"],
      );
      expect(await g2.psql('postgres', 'select id, body from notes order by id')).toBe(
        [
          '1|before the base backup',
          '2|after the backup, before the target',
          '4|written by generation 1',
        ].join('\n'),
      );
    }, 300_000);
  },
);

/**
 * What CloudNativePG writes as recovery_target_time for a Cluster's `recoveryTarget.targetTime` (the operator's
 * step, which no operator runs here to do): an RFC 3339 time becomes PostgreSQL's `YYYY-MM-DD HH:MM:SS.ffffff±HH:MM`,
 * fractions truncated to microseconds and `Z` written `+00:00` (cloudnative-pg v1.29.0 api/v1/cluster_funcs.go
 * calls machinery v0.3.3 pkg/postgres/time/time.go ConvertToPostgresFormat). PostgreSQL 15 refuses the RFC 3339
 * form itself ("invalid value for parameter recovery_target_time"), so this step matters.
 */
function cnpgRecoveryTargetTime(rfc3339: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i.exec(rfc3339);
  if (!m) throw new Error(`not an RFC 3339 time: ${rfc3339}`);
  const offset = m[4]!.toUpperCase() === 'Z' ? '+00:00' : m[4]!;
  return `${m[1]} ${m[2]}.${(m[3] ?? '').padEnd(6, '0').slice(0, 6)}${offset}`;
}

/** Every path below `dir` (the restored data directory must belong to the postgres user). */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? [p, ...walk(p)] : [p];
  });
}
