/*
 * Qdrant's backup restores from the snapshot Qdrant made, not from the files Velero copied while it ran. No Qdrant
 * server runs here (no images; its cargo build is far beyond CI's budget), so what is real and what is not:
 * - real: the fixture test/fixtures/qdrant/*.snapshot.gz, a full storage snapshot written by a real Qdrant 1.18.0
 *   server (built from the tag's source by hand; test/fixtures/qdrant/README.md says how) answering the rendered
 *   Deployment's pre-backup hook; and what that real server read back after the restore step ran with the real
 *   binary on a copy of its storage (record.json, by scripts/record-qdrant-snapshot.ts). Its hash is checked
 *   here: a changed fixture fails until it is recorded again.
 * - real, in CI: Qdrant's own engine, Qdrant Edge (PyPI qdrant-edge-py 0.6.1, the lib/segment and lib/shard
 *   crates of the v1.18.0 line), restores each shard of that snapshot (SnapshotUtils::restore_unpacked_snapshot,
 *   what the server's LocalShard::restore_snapshot runs) and reads every point, payload and vector back.
 * - stand-in, named: the binary's `--storage-snapshot FILE --force-snapshot` start, which the restore step runs,
 *   is test/real/harness/qdrant_snapshot_stand_in.py: the file handling of src/snapshots.rs at the tag, with the
 *   shard restore done by Qdrant Edge, and a /readyz answer until SIGTERM. The step's script itself is the one the
 *   Velero Restore of `shai backup restore --service qdrant` adds to the pod, paths and ports moved here.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IMAGES } from '../../src/services/versions.ts';
import { RESTORE_STEP_CONTAINER } from '../../src/backup/objects.ts';
import { unitOf } from '../../src/backup/units.ts';
import { ROOT } from '../helpers/cli.ts';
import { describeWithTools } from '../helpers/tools.ts';
import { freePort } from './harness/loopback.ts';
import { COLLECTIONS, vector } from './harness/qdrant-data.ts';
import {
  backupHook,
  IMAGE_ENV,
  localScript,
  podDir,
  restoreInit,
  runPodScript,
} from './harness/qdrant-pod.ts';
import { rendered, renderedPlatform, type RenderedPlatform } from './harness/rendered.ts';

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const FIXTURES = join(ROOT, 'test/fixtures/qdrant');
const STAND_IN = join(ROOT, 'test/real/harness/qdrant_snapshot_stand_in.py');
const record = JSON.parse(readFileSync(join(FIXTURES, 'record.json'), 'utf8')) as Yaml;

/** Every point of a shard directory as Qdrant's engine reads it (on a copy: loading writes its config). */
const READ_SHARD = `
import json, shutil, sys, tempfile
from qdrant_edge import EdgeShard, ScrollRequest, CountRequest
with tempfile.TemporaryDirectory() as d:
    path = shutil.copytree(sys.argv[1], d + "/shard")
    s = EdgeShard.load(path)
    recs, _ = s.scroll(ScrollRequest(limit=10000, with_payload=True, with_vector=True))
    print(json.dumps({"count": s.count(CountRequest(exact=True)), "points": sorted(
        [{"id": r.id, "payload": r.payload, "vector": r.vector} for r in recs], key=lambda p: p["id"])}))
    s.close()
`;

/** A stale shard where the restored collection goes: points the snapshot does not have (ids 900+). */
const STALE_SHARD = `
import os, sys
from qdrant_edge import EdgeShard, EdgeConfig, EdgeVectorParams, Distance, UpdateOperation, Point
os.makedirs(sys.argv[1])
s = EdgeShard.create(sys.argv[1], EdgeConfig(vectors={"": EdgeVectorParams(size=8, distance=Distance.Cosine)}))
s.update(UpdateOperation.upsert_points([Point(900 + i, [1.0] * 8, {"text": "stale"}) for i in range(3)]))
s.flush(); s.close()
`;

const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

describeWithTools(
  "Qdrant: the full storage snapshot restored by the restore step, read back by Qdrant's engine",
  ['qdrant-edge-python'],
  'bash .ci/tools.sh (36-qdrant-edge.sh)',
  (tools) => {
    const dirs: string[] = [];
    let r: RenderedPlatform;
    let init: Yaml;
    /** The recorded snapshot, unpacked from its gzip into a temporary file. */
    let SNAPSHOT: string;
    const python = (code: string, ...args: string[]) =>
      execFileSync(tools['qdrant-edge-python']!, ['-c', code, ...args], { encoding: 'utf8' });

    beforeAll(async () => {
      r = await renderedPlatform(join(ROOT, 'platform.yaml'));
      init = restoreInit(r.plan);
      SNAPSHOT = join(tmp(), record.snapshot.file as string);
      writeFileSync(SNAPSHOT, gunzipSync(readFileSync(join(FIXTURES, `${record.snapshot.file}.gz`))));
    });
    afterAll(() => {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    function tmp(): string {
      const d = mkdtempSync(join(tmpdir(), 'shai-qdrant-'));
      dirs.push(d);
      return d;
    }

    /** A restored pod here: the image's WORKDIR with the stand-in as `./qdrant` and the Velero-copied volumes. */
    async function pod(snapshot?: string) {
      const workdir = podDir(tmp());
      writeFileSync(
        join(workdir, 'qdrant'),
        `#!/bin/sh\nexec "${tools['qdrant-edge-python']}" "${STAND_IN}" "$@"\n`,
      );
      chmodSync(join(workdir, 'qdrant'), 0o755);
      if (snapshot) copyFileSync(snapshot, join(workdir, 'snapshots', record.snapshot.file));
      return { workdir, http: await freePort(), grpc: await freePort() };
    }

    const step = (p: Awaited<ReturnType<typeof pod>>) => {
      const [shell, , script] = init.command as string[];
      return runPodScript(shell!, localScript(script!, p), { PATH: process.env.PATH, ...IMAGE_ENV });
    };

    it('the fixture is the full storage snapshot the real Qdrant v1.18.0 wrote for the backup hook', () => {
      expect(record.qdrant).toMatch(/\b1\.18\.0\b/);
      const bytes = readFileSync(SNAPSHOT);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(record.snapshot.sha256);
      expect(record.snapshot.file).toMatch(/^full-snapshot-\d{4}(-\d\d){5}\.snapshot$/);
      // The hook leaves the full snapshot (and its checksum) and Qdrant's tmp folder; the per-collection folders go.
      expect(
        (record.snapshotsDirAfterHook as string[]).filter((f) => !f.startsWith(record.snapshot.file)),
      ).toEqual(['tmp']);
      // The hook the recording ran is the rendered one.
      const hook = backupHook(rendered(r, 'Deployment', 'ai', 'qdrant'));
      expect(hook.container).toBe('qdrant');
      expect(hook.script).toContain('POST /snapshots?wait=true');
    });

    it('the real server, restarted after the restore step, held the snapshot: not the raw copy', () => {
      const ids = (c: Yaml) => (c.points as { id: number }[]).map((p) => p.id);
      for (const name of Object.keys(COLLECTIONS)) {
        expect(record.restoredByRealServer[name], name).toEqual(record.written[name]);
        expect(ids(record.rawCopy[name]), name).not.toEqual(ids(record.written[name]));
      }
      expect(record.restoreStepOutput).toEqual([
        `qdrant: restored /qdrant/snapshots/${record.snapshot.file}`,
      ]);
    });

    it('has the layout the binary recovers: config.json maps each collection to its snapshot', () => {
      const d = tmp();
      execFileSync('tar', ['-xf', SNAPSHOT, '-C', d]);
      const config = JSON.parse(readFileSync(join(d, 'config.json'), 'utf8')) as Yaml;
      expect(Object.keys(config.collections_mapping).sort()).toEqual(Object.keys(COLLECTIONS).sort());
      for (const [name, file] of Object.entries(config.collections_mapping as Record<string, string>)) {
        expect(file.startsWith(`${name}-`), file).toBe(true);
        const c = join(d, `${name}.unpacked`);
        execFileSync('mkdir', ['-p', c]);
        execFileSync('tar', ['-xf', join(d, file), '-C', c]);
        for (const f of ['config.json', '0/shard_config.json', '0/replica_state.json', '0/segments'])
          expect(existsSync(join(c, f)), `${name}: ${f}`).toBe(true);
      }
    });

    it('the restore step loads it over the copied files; every point and payload comes back', async () => {
      // The init container Velero adds: the service's image, its storage and snapshots volumes where it mounts them.
      expect(init.name).toBe(RESTORE_STEP_CONTAINER);
      expect(init.image).toBe(IMAGES.qdrant);
      expect(init.volumeMounts).toEqual([
        { name: 'data', mountPath: '/qdrant/storage' },
        { name: 'snapshots', mountPath: '/qdrant/snapshots' },
      ]);
      const p = await pod(SNAPSHOT);
      const stale = join(p.workdir, 'storage/collections/open-webui_knowledge/0');
      python(STALE_SHARD, stale);
      // What an interrupted earlier run leaves: the recovery's unpack would refuse to write over it.
      for (const d of ['storage/snapshots_recovery_tmp', 'storage/collections/open-webui_memories.tmp']) {
        mkdirSync(join(p.workdir, d), { recursive: true });
        writeFileSync(join(p.workdir, d, 'config.json'), '{}');
      }

      const out = await step(p);
      expect(out).toContain(`qdrant: restored ${p.workdir}/snapshots/${record.snapshot.file}`);
      for (const [name, c] of Object.entries(COLLECTIONS)) {
        const got = JSON.parse(python(READ_SHARD, join(p.workdir, 'storage/collections', name, '0'))) as Yaml;
        expect(got.count, name).toBe(c.points.length);
        expect(
          got.points.map((x: Yaml) => ({ id: x.id, payload: x.payload })),
          name,
        ).toEqual(record.written[name].points);
        for (const x of got.points as Yaml[])
          (x.vector as number[]).forEach((v, k) => expect(v).toBeCloseTo(unit(vector(x.id, c.size))[k]!, 5));
      }
      expect(readdirSync(join(p.workdir, 'storage')).sort()).toEqual(['collections']);
      expect(readdirSync(join(p.workdir, 'storage/collections')).sort()).toEqual(
        Object.keys(COLLECTIONS).sort(),
      );
      expect(existsSync(join(p.workdir, 'snapshots', `${record.snapshot.file}.restored`))).toBe(true);
      // The probe `shai backup restore` prints passes on it.
      const probe = unitOf(r.plan, 'qdrant').probe!;
      await runPodScript(probe.shell, localScript(probe.script, p), { PATH: process.env.PATH });

      // A restarted pod runs the step again: it leaves the restored data (and any newer writes) alone.
      const before = statSync(join(p.workdir, 'storage/collections/open-webui_memories')).mtimeMs;
      await expect(step(p)).resolves.toContain('was restored already');
      expect(statSync(join(p.workdir, 'storage/collections/open-webui_memories')).mtimeMs).toBe(before);
    });

    it('fails the restored pod, not silently, without a snapshot or with a damaged one', async () => {
      const empty = await pod();
      await expect(step(empty)).rejects.toThrow(/expected one full storage snapshot in .*, found 0/);
      const probe = unitOf(r.plan, 'qdrant').probe!;
      await expect(
        runPodScript(probe.shell, localScript(probe.script, empty), { PATH: process.env.PATH }),
      ).rejects.toThrow();
      const p = await pod();
      const bytes = readFileSync(SNAPSHOT);
      writeFileSync(join(p.workdir, 'snapshots', record.snapshot.file), bytes.subarray(0, bytes.length / 2));
      await expect(step(p)).rejects.toThrow(
        /exited \(\d+\) before it was ready; the snapshot was not restored/,
      );
      expect(existsSync(join(p.workdir, 'snapshots', `${record.snapshot.file}.restored`))).toBe(false);
      cpSync(SNAPSHOT, join(p.workdir, 'snapshots', 'full-snapshot-2026-12-02-03-00-00.snapshot'));
      await expect(step(p)).rejects.toThrow(/found 2/);
    });
  },
);
