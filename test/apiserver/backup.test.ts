/*
 * `shai backup run`, `restore`, `status` and `verify` against a real kube-apiserver serving the operators' own
 * CRDs (from the charts at their pins, as real helm rendered them: test/fixtures/charts/velero.yaml,
 * cnpg-operator.yaml, barman-cloud.yaml). The API server validates every object shai creates against those
 * schemas with strict field validation. No operator runs here: the tests write the statuses CloudNativePG and
 * Velero would write (test/backup/fixtures.ts names their sources), which is what status and verify read.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { restoreService, runBackup, verifyAll } from '../../src/cli/backup-actions.ts';
import { readBackupState } from '../../src/cli/backup-live.ts';
import { promoteDatabase } from '../../src/cli/backup-promote-database.ts';
import { renderPlatformTree } from '../../src/render/platform-tree.ts';
import { readTree } from '../../src/render/write.ts';
import { backupStatus } from '../../src/backup/status.ts';
import { unitOf } from '../../src/backup/units.ts';
import { appendRecovery } from '../../src/config/edit-recoveries.ts';
import { loadConfig } from '../../src/config/load.ts';
import { UserError } from '../../src/errors.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { parseManifests } from '../../src/k8s/yaml.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import { registry } from '../../src/services/registry.ts';
import { drillLines } from '../../src/backup/text.ts';
import { loadKubeConfig } from '../../src/cluster/read-live.ts';
import { commands } from '../../src/cli/commands/index.ts';
import { main } from '../../src/cli/main.ts';
import { kubeExec } from '../../src/kube-exec.ts';
import { startApiServer, type ApiServer } from '../helpers/apiserver.ts';
import { startExecNode, type ExecNode } from '../helpers/kubelet-exec.ts';
import { freePort } from '../helpers/ports.ts';
import { startPostgres } from '../real/harness/postgres.ts';
import { captureIo, ROOT } from '../helpers/cli.ts';
import { describeWithTools, findTool } from '../helpers/tools.ts';
import { connect, installCrds, testBackupIo, type TestBackupIo } from './helpers.ts';

const CRDS: Record<string, string[]> = {
  'velero.yaml': [
    'backups.velero.io',
    'restores.velero.io',
    'podvolumebackups.velero.io',
    'schedules.velero.io',
  ],
  'cnpg-operator.yaml': [
    'clusters.postgresql.cnpg.io',
    'backups.postgresql.cnpg.io',
    'scheduledbackups.postgresql.cnpg.io',
  ],
  'barman-cloud.yaml': ['objectstores.barmancloud.cnpg.io'],
};

function recordedCrds(): KubeObject[] {
  return Object.entries(CRDS).flatMap(([file, names]) => {
    const path = join(ROOT, 'test/fixtures/charts', file);
    const objects = parseManifests(readFileSync(path, 'utf8'), path).objects.map((o) => o.object);
    const found = objects.filter(
      (o) => o.kind === 'CustomResourceDefinition' && names.includes(o.metadata.name),
    );
    expect(found.map((o) => o.metadata.name).sort(), file).toEqual([...names].sort());
    return found;
  });
}

describeWithTools(
  'shai backup against kube-apiserver with the operators’ CRDs',
  ['etcd', 'kube-apiserver', 'kubelet-exec', 'postgres', 'initdb', 'psql'],
  'bash .ci/tools.sh',
  (tools) => {
    let server: ApiServer;
    let io: TestBackupIo;
    let node: ExecNode;
    let pg: Awaited<ReturnType<typeof startPostgres>>;
    const plan = async () => makePlan(await loadConfig(resolve(ROOT, 'platform.yaml'), registry), registry);
    const ok = async (method: string, path: string, body?: unknown) => {
      const r = await server.request(method, path, body);
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body).slice(0, 400)}`).toBeLessThan(300);
      return r.body;
    };
    /**
     * Writes an object's status as its operator would: through the status subresource where the CRD has one
     * (CloudNativePG's), else with the object (Velero's CRDs declare no status subresource).
     */
    const setStatus = async (path: string, status: Record<string, unknown>) => {
      const live = await ok('GET', path);
      const sub = await server.request('PUT', `${path}/status`, { ...live, status });
      if (sub.status === 404) await ok('PUT', path, { ...live, status });
      else expect(sub.status, JSON.stringify(sub.body).slice(0, 300)).toBeLessThan(300);
    };

    beforeAll(async () => {
      server = await startApiServer(tools as never);
      const { api } = connect(server);
      expect(await installCrds(api, recordedCrds())).toEqual([]);
      for (const name of ['auth', 'ai', 'backup'])
        await ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      // The archive's S3 keys, as the SealedSecret unseals them in the service's namespace.
      await ok('POST', '/api/v1/namespaces/auth/secrets', {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'keycloak-backup-s3', namespace: 'auth' },
        stringData: { ACCESS_KEY_ID: 'id', ACCESS_SECRET_KEY: 'secret' },
      });
      // A node for the restored pods (kubelet-exec: the kubelet's streaming server, the commands run here), and
      // the real PostgreSQL a restored primary would serve: its `keycloak` database holds the restored tables.
      node = await startExecNode(tools['kubelet-exec']!, server);
      pg = await startPostgres('127.0.0.1', await freePort(), [
        { name: 'keycloak', owner: 'keycloak', password: 'keycloak' },
      ]);
      await pg.sql('keycloak', 'create table realm (id text primary key)');
      io = testBackupIo(api, kubeExec(loadKubeConfig({ kubeconfig: server.kubeconfig })));
    }, 240_000);

    afterAll(async () => {
      await node?.stop();
      await pg?.stop();
      await server?.stop();
    });

    /** The restored primary as CloudNativePG labels it, its psql pointed at the real PostgreSQL (as PGHOST is in the image). */
    const restoredPrimary = (namespace: string) =>
      node.addPod({
        namespace,
        name: 'keycloak-db-1',
        labels: { 'cnpg.io/cluster': 'keycloak-db', 'cnpg.io/instanceRole': 'primary' },
        containers: {
          postgres: {
            PGHOST: pg.dir,
            PGPORT: String(pg.port),
            PGUSER: 'postgres',
            PATH: `${dirname(realpathSync(findTool('psql')!))}:${process.env.PATH}`,
          },
        },
      });

    it('run: the API server accepts an on-demand CloudNativePG Backup and a Velero Backup', async () => {
      const p = await plan();
      await runBackup(p, unitOf(p, 'keycloak'), io, false);
      await runBackup(p, unitOf(p, 'open-webui'), io, false);
      expect(io.lines).toEqual([
        'created Backup auth/keycloak-20261203t120000z',
        'created Backup backup/open-webui-20261203t120000z',
      ]);
      const cnpg = await ok(
        'GET',
        '/apis/postgresql.cnpg.io/v1/namespaces/auth/backups/keycloak-20261203t120000z',
      );
      expect(cnpg.spec).toMatchObject({ cluster: { name: 'keycloak-db' }, method: 'plugin' });
      const velero = await ok(
        'GET',
        '/apis/velero.io/v1/namespaces/backup/backups/open-webui-20261203t120000z',
      );
      expect(velero.spec).toMatchObject({ includedNamespaces: ['ai'], defaultVolumesToFsBackup: false });
    });

    it('status: reads what the operators recorded on those objects', async () => {
      await setStatus('/apis/postgresql.cnpg.io/v1/namespaces/auth/backups/keycloak-20261203t120000z', {
        phase: 'completed',
        startedAt: '2026-12-03T12:00:01Z',
        stoppedAt: '2026-12-03T12:01:30Z',
        destinationPath: 's3://velero/cnpg/auth/',
        serverName: 'keycloak-db',
      });
      await setStatus('/apis/velero.io/v1/namespaces/backup/backups/open-webui-20261203t120000z', {
        phase: 'Completed',
        completionTimestamp: '2026-12-03T12:04:00Z',
      });
      const p = await plan();
      const state = await readBackupState(io.api);
      const rows = backupStatus(
        [unitOf(p, 'keycloak'), unitOf(p, 'open-webui')],
        state,
        Date.parse('2026-12-03T13:00:00Z'),
      );
      expect(rows.map((r) => [r.service, r.method, r.state, r.lastGood])).toEqual([
        ['keycloak', 'database', 'ok', '2026-12-03T12:01:30Z'],
        ['open-webui', 'volumes', 'ok', '2026-12-03T12:04:00Z'],
      ]);
    });

    it('restore: a recovery Cluster to a point in time beside an ObjectStore of the same archive, keys copied, in a scratch namespace', async () => {
      const p = await plan();
      io.lines.length = 0;
      await restoreService(p, unitOf(p, 'keycloak'), io, {
        namespace: 'shai-restore-keycloak',
        at: '2026-12-03T11:30:00Z',
        dryRun: false,
      });
      const cluster = await ok(
        'GET',
        '/apis/postgresql.cnpg.io/v1/namespaces/shai-restore-keycloak/clusters/keycloak-db',
      );
      expect(cluster.spec).toMatchObject({
        bootstrap: { recovery: { source: 'origin', recoveryTarget: { targetTime: '2026-12-03T11:30:00Z' } } },
        externalClusters: [
          {
            name: 'origin',
            plugin: {
              name: 'barman-cloud.cloudnative-pg.io',
              parameters: { barmanObjectName: 'keycloak-db-backup', serverName: 'keycloak-db' },
            },
          },
        ],
      });
      // No WAL archiver: a drill never writes into the production archive.
      expect((cluster.spec as { plugins?: unknown }).plugins).toBeUndefined();
      const store = await ok(
        'GET',
        '/apis/barmancloud.cnpg.io/v1/namespaces/shai-restore-keycloak/objectstores/keycloak-db-backup',
      );
      expect(
        (store.spec as { configuration: { destinationPath: string } }).configuration.destinationPath,
      ).toBe('s3://velero/cnpg/auth/');
      const secret = await ok('GET', '/api/v1/namespaces/shai-restore-keycloak/secrets/keycloak-backup-s3');
      expect(Object.keys(secret.data as object).sort()).toEqual(['ACCESS_KEY_ID', 'ACCESS_SECRET_KEY']);
      expect(io.lines.at(-1)).toBe(
        `when it is up, prove database keycloak has its tables: kubectl -n shai-restore-keycloak exec "$(kubectl -n shai-restore-keycloak get pod -l cnpg.io/cluster=keycloak-db,cnpg.io/instanceRole=primary -o name | head -1)" -- /bin/sh -c 'psql -d keycloak -Atc "select count(*) from pg_tables where schemaname not in ('\\''pg_catalog'\\'', '\\''information_schema'\\'')" | grep -qv '\\''^0$'\\'''`,
      );
    });

    it('promote: the proven database restore becomes the next generation in platform.yaml and the tree, nothing else changes', async () => {
      const p = await plan();
      const dir = mkdtempSync(join(tmpdir(), 'shai-promote-db-'));
      try {
        const original = readFileSync(resolve(ROOT, 'platform.yaml'), 'utf8');
        writeFileSync(join(dir, 'platform.yaml'), original);
        cpSync(resolve(ROOT, 'deploy'), join(dir, 'deploy'), { recursive: true });
        const before = await readTree(join(dir, 'deploy'));
        const files = {
          name: 'platform.yaml',
          path: join(dir, 'platform.yaml'),
          text: original,
          config: await loadConfig(join(dir, 'platform.yaml'), registry),
          treeRoot: join(dir, 'deploy'),
          cwd: dir,
        };
        const unit = unitOf(p, 'keycloak');
        const promote = (at?: string, dryRun = false) =>
          promoteDatabase(p, unit, io, files, {
            scratchNamespace: 'shai-restore-keycloak',
            ...(at ? { at } : {}),
            dryRun,
          });
        const unchanged = async () => {
          expect(readFileSync(join(dir, 'platform.yaml'), 'utf8')).toBe(original);
          expect(await readTree(join(dir, 'deploy'))).toEqual(before);
        };
        // The restored Cluster is not up yet (no status): refused, nothing written.
        await expect(promote()).rejects.toThrow(
          /the restored Cluster shai-restore-keycloak\/keycloak-db is not started, not healthy/,
        );
        await setStatus('/apis/postgresql.cnpg.io/v1/namespaces/shai-restore-keycloak/clusters/keycloak-db', {
          phase: 'Cluster in healthy state',
        });
        // Another time than the one proven: refused.
        await expect(promote('2026-12-03T11:45:00Z')).rejects.toThrow(
          /--at 2026-12-03T11:45:00Z, but the restore in shai-restore-keycloak recovered to 2026-12-03T11:30:00Z/,
        );
        io.lines.length = 0;
        await promote(undefined, true);
        expect(io.lines[0]).toBe(
          "(dry run) would add to platform.yaml: backup.recoveries: - service: keycloak, at: '2026-12-03T11:30:00Z'",
        );
        await unchanged();

        // Healthy is the operator's word; the probe is the data's. No primary pod up: refused, nothing written.
        await expect(promote('2026-12-03T11:30:00Z')).rejects.toThrow(
          'keycloak: the restore in shai-restore-keycloak did not pass its probe (database keycloak has its tables: no Running and Ready pod with cnpg.io/cluster=keycloak-db,cnpg.io/instanceRole=primary in shai-restore-keycloak in time); nothing was promoted. Prove it first: shai backup restore --service keycloak --at 2026-12-03T11:30:00Z --probe',
        );
        await unchanged();
        // The primary is up but its database came back without the service's tables: refused, nothing written.
        await restoredPrimary('shai-restore-keycloak');
        await pg.sql('keycloak', 'drop table realm');
        await expect(promote('2026-12-03T11:30:00Z')).rejects.toThrow(
          /did not pass its probe \(database keycloak has its tables: exit 1 in keycloak-db-1\); nothing was promoted/,
        );
        await unchanged();
        await pg.sql('keycloak', 'create table realm (id text primary key)');

        io.lines.length = 0;
        await promote('2026-12-03T11:30:00Z');
        const text = readFileSync(join(dir, 'platform.yaml'), 'utf8');
        expect(text).toBe(
          original.replace(
            '    days: 14\n',
            "    days: 14\n  recoveries:\n    - service: keycloak\n      at: '2026-12-03T11:30:00Z'\n",
          ),
        );
        const after = await readTree(join(dir, 'deploy'));
        const changed = [...new Set([...before.keys(), ...after.keys()])]
          .filter((f) => before.get(f) !== after.get(f))
          .sort();
        expect(changed).toContain('services/keycloak/cluster-keycloak-db-r1.yaml');
        expect(changed).toContain('services/keycloak/cluster-keycloak-db.yaml');
        // Only what names the database's cluster changed (its objects, policies, monitoring, the manifest).
        for (const f of changed)
          expect(`${before.get(f) ?? ''}${after.get(f) ?? ''}`, f).toMatch(/keycloak-db|cluster-keycloak/);
        const cluster = parseManifests(
          after.get('services/keycloak/cluster-keycloak-db-r1.yaml')!,
          'cluster-keycloak-db-r1.yaml',
        ).objects[0]!.object;
        expect(cluster.spec).toMatchObject({
          bootstrap: {
            recovery: { source: 'origin', recoveryTarget: { targetTime: '2026-12-03T11:30:00Z' } },
          },
          externalClusters: [{ plugin: { parameters: { serverName: 'keycloak-db' } } }],
        });
        // The written tree is exactly what render writes for the new platform.yaml (render --check is clean).
        const promoted = makePlan(await loadConfig(join(dir, 'platform.yaml'), registry), registry);
        expect((await renderPlatformTree(promoted, join(dir, 'deploy'))).stale).toBe(false);
        expect(io.lines.slice(0, 3)).toEqual([
          "added to platform.yaml: backup.recoveries: - service: keycloak, at: '2026-12-03T11:30:00Z'",
          "rendered deploy: CloudNativePG Cluster auth/keycloak-db-r1, recovered from keycloak-db's archive up to 2026-12-03T11:30:00Z, and keycloak pointed at it (host keycloak-db-r1-rw); the sync prunes keycloak-db, its archive stays in the bucket",
          'swap it in: git add platform.yaml deploy && git commit -m "keycloak: promote the database restore" && git push',
        ]);
        expect(io.lines.at(-1)).toBe(
          "then take the new generation's first base backup: shai backup run --service keycloak",
        );

        // Run again on the promoted platform.yaml: already recorded, nothing added.
        io.lines.length = 0;
        await promoteDatabase(
          promoted,
          unitOf(promoted, 'keycloak'),
          io,
          { ...files, text, config: await loadConfig(join(dir, 'platform.yaml'), registry) },
          { scratchNamespace: 'shai-restore-keycloak', dryRun: false },
        );
        expect(io.lines).toEqual([
          'keycloak: the database promotion is already recorded in platform.yaml (backup.recoveries[0]): Argo CD runs keycloak-db-r1 once it is committed and pushed',
        ]);
        expect(readFileSync(join(dir, 'platform.yaml'), 'utf8')).toBe(text);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);

    it('promote: a restore to before the running generation began is refused with the rule that says why, nothing written', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'shai-promote-db-'));
      try {
        // Generation 1 runs (recovered to 11:00); a scratch restore of its archive to 10:30 cannot follow it.
        const text = appendRecovery(readFileSync(resolve(ROOT, 'platform.yaml'), 'utf8'), {
          service: 'keycloak',
          at: '2026-12-03T11:00:00Z',
        });
        writeFileSync(join(dir, 'platform.yaml'), text);
        const config = await loadConfig(join(dir, 'platform.yaml'), registry);
        const p = makePlan(config, registry);
        const unit = unitOf(p, 'keycloak');
        const scratch = 'shai-restore-keycloak-early';
        await restoreService(p, unit, io, { namespace: scratch, at: '2026-12-03T10:30:00Z', dryRun: false });
        await setStatus(`/apis/postgresql.cnpg.io/v1/namespaces/${scratch}/clusters/keycloak-db-r1`, {
          phase: 'Cluster in healthy state',
        });
        const files = { name: 'platform.yaml', path: join(dir, 'platform.yaml'), text, config };
        await expect(
          promoteDatabase(
            p,
            unit,
            io,
            { ...files, treeRoot: join(dir, 'deploy'), cwd: dir },
            {
              scratchNamespace: scratch,
              dryRun: false,
            },
          ),
        ).rejects.toThrow(
          /keycloak: the promotion was not recorded: platform.yaml with it would not validate \(nothing was written\):\nplatform.yaml:\d+:\d+ backup.recoveries\[1\]\.at: expected a time after keycloak's previous recovery \(2026-12-03T11:00:00Z\)/,
        );
        expect(readFileSync(join(dir, 'platform.yaml'), 'utf8')).toBe(text);
        expect(existsSync(join(dir, 'deploy'))).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('restore: volumes from the newest completed Velero Backup before --at, mapped into the scratch namespace', async () => {
      const p = await plan();
      await restoreService(p, unitOf(p, 'open-webui'), io, {
        namespace: 'shai-restore-open-webui',
        dryRun: false,
      });
      const restores = await ok('GET', '/apis/velero.io/v1/namespaces/backup/restores');
      const spec = ((restores.items as KubeObject[])[0]!.spec ?? {}) as Record<string, unknown>;
      expect(spec).toMatchObject({
        backupName: 'open-webui-20261203t120000z',
        includedNamespaces: ['ai'],
        namespaceMapping: { ai: 'shai-restore-open-webui' },
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'open-webui' } },
      });
      // Before the only backup there is nothing to restore, and the error says so.
      await expect(
        restoreService(p, unitOf(p, 'open-webui'), io, {
          namespace: 'shai-restore-open-webui',
          at: '2026-12-03T11:00:00Z',
          dryRun: false,
        }),
      ).rejects.toThrow(/no completed Velero Backup of namespace ai at or before 2026-12-03T11:00:00Z/);
      await expect(
        restoreService(p, unitOf(p, 'open-webui'), io, { namespace: 'ai', dryRun: false }),
      ).rejects.toThrow(UserError);
    });

    it('verify: restores into shai-verify-<service>, waits for the operator, proves the data with the probe in the restored primary, reports the time to restore and the RPO', async () => {
      const p = await plan();
      const path = '/apis/postgresql.cnpg.io/v1/namespaces/shai-verify-keycloak/clusters/keycloak-db';
      let polls = 0;
      // CloudNativePG reports the recovered Cluster healthy after three polls (15 s of the drill's clock), and its
      // primary pod is Running and Ready on the node.
      io.onSleep = async () => {
        if (++polls !== 3) return;
        await setStatus(path, { phase: 'Cluster in healthy state' });
        await restoredPrimary('shai-verify-keycloak');
      };
      const results = await verifyAll(p, [unitOf(p, 'keycloak')], io, { timeoutMs: 60_000, dryRun: false });
      expect(results).toEqual([
        {
          service: 'keycloak',
          namespace: 'shai-verify-keycloak',
          ok: true,
          restoreSeconds: 15,
          rpoMinutes: 5,
          probes: [{ what: 'database keycloak has its tables', ok: true, pod: 'keycloak-db-1' }],
        },
      ]);
      expect(drillLines(results)[1]).toMatch(/restored +15 s +5m +proved database keycloak has its tables$/);

      // A restore the operator calls healthy but whose database came back without its tables fails the drill.
      io.onSleep = undefined;
      await pg.sql('keycloak', 'drop table realm');
      const empty = await verifyAll(p, [unitOf(p, 'keycloak')], io, { timeoutMs: 60_000, dryRun: false });
      expect(empty[0]).toMatchObject({
        ok: false,
        detail: 'database keycloak has its tables: exit 1 in keycloak-db-1',
        probes: [{ ok: false }],
      });
      await pg.sql('keycloak', 'create table realm (id text primary key)');

      // A restore that never becomes ready fails the drill at the timeout.
      const late = await verifyAll(p, [unitOf(p, 'litellm')], io, { timeoutMs: 20_000, dryRun: false });
      expect(late[0]).toMatchObject({ ok: false });
      expect(late[0]!.detail).toMatch(/Secret ai\/litellm-backup-s3 is missing/);
    });

    it('restore --probe: through the CLI, on the path kubectl exec takes (the API server to the node), the probe proves the restored copy or fails the command', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'shai-probe-cli-'));
      try {
        cpSync(resolve(ROOT, 'platform.yaml'), join(dir, 'platform.yaml'));
        const run = async (...extra: string[]) => {
          const cli = captureIo({ cwd: dir, now: () => new Date(io.clock) });
          const code = await main(
            [
              'backup',
              'restore',
              '--service',
              'keycloak',
              '--probe',
              '--kubeconfig',
              server.kubeconfig,
              ...extra,
            ],
            cli,
            commands,
          );
          return { code, out: cli.out(), err: cli.err() };
        };
        // The drill above left a healthy restore with its primary in shai-verify-keycloak.
        const proved = await run('--to-namespace', 'shai-verify-keycloak');
        expect(proved.err).toBe('');
        expect(proved.code).toBe(0);
        expect(proved.out).toContain(
          'keycloak: proved database keycloak has its tables (in keycloak-db-1)\n',
        );
        expect(proved.out).toContain(
          'keycloak: restored into shai-verify-keycloak and proved in 0 s; swap it in with: shai backup restore --service keycloak --to-namespace shai-verify-keycloak --promote\n',
        );
        expect(proved.out).not.toContain('kubectl');

        await pg.sql('keycloak', 'drop table realm');
        const failed = await run('--to-namespace', 'shai-verify-keycloak');
        await pg.sql('keycloak', 'create table realm (id text primary key)');
        expect(failed.code).toBe(1);
        expect(failed.out).toContain(
          'keycloak: FAILED to prove database keycloak has its tables: exit 1 in keycloak-db-1\n',
        );

        // --probe and --promote in one run is refused before anything is read.
        const both = await run('--promote');
        expect(both.code).toBe(2);
        expect(both.err).toMatch(/--probe and --promote: prove the restore first/);

        // The drill through the CLI, as a cron job reads it: `shai backup verify --format json`.
        const cli = captureIo({ cwd: dir, now: () => new Date(io.clock) });
        const code = await main(
          [
            'backup',
            'verify',
            '--service',
            'keycloak',
            '--format',
            'json',
            '--kubeconfig',
            server.kubeconfig,
          ],
          cli,
          commands,
        );
        // Stdout is the document alone; what the drill applied is progress, on stderr.
        expect(cli.err()).toContain('unchanged Cluster shai-verify-keycloak/keycloak-db');
        expect(code).toBe(0);
        expect(JSON.parse(cli.out())).toEqual({
          drills: [
            {
              service: 'keycloak',
              namespace: 'shai-verify-keycloak',
              ok: true,
              restoreSeconds: 0,
              rpoMinutes: 5,
              probes: [{ what: 'database keycloak has its tables', ok: true, pod: 'keycloak-db-1' }],
            },
          ],
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
