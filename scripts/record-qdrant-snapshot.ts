// Records the Qdrant fixture of test/real/qdrant-snapshot.test.ts with a real Qdrant server, which CI does not have
// (no images; its cargo build takes far longer than a CI tool may):
//   QDRANT_BIN=<qdrant binary built from qdrant v1.18.0> QDRANT_SRC=<its source tree> \
//     npx tsx scripts/record-qdrant-snapshot.ts
// With the pod's own scripts (test/real/harness/qdrant-pod.ts): the server holds two collections; the rendered
// Deployment's pre-backup hook takes the full storage snapshot; more points are written and one deleted; the
// storage is copied while the server runs (Velero's file copy); the restore step of `shai backup restore
// --service qdrant` runs on the copy with the real binary; a server on the restored storage is read back. Writes
// test/fixtures/qdrant/<snapshot> and record.json (what was written, what the real server read back).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { freePort } from '../test/real/harness/loopback.ts';
import { startServer } from '../test/real/harness/process.ts';
import {
  backupHook,
  IMAGE_ENV,
  localScript,
  podDir,
  restoreInit,
  runPodScript,
} from '../test/real/harness/qdrant-pod.ts';
import { rendered, renderedPlatform } from '../test/real/harness/rendered.ts';
import {
  COLLECTIONS,
  AFTER_SNAPSHOT,
  DELETED_AFTER_SNAPSHOT,
  vector,
} from '../test/real/harness/qdrant-data.ts';

const root = resolve(import.meta.dirname, '..');
const bin = process.env.QDRANT_BIN;
const src = process.env.QDRANT_SRC;
if (!bin || !src)
  throw new Error('set QDRANT_BIN (a qdrant v1.18.0 binary) and QDRANT_SRC (its source tree)');
const API_KEY = 'recording-key';
const tmp = mkdtempSync(join(tmpdir(), 'shai-qdrant-record-'));

/** An image-like WORKDIR with the binary and the tag's config folder. */
function image(name: string): string {
  const workdir = podDir(join(tmp, name));
  copyFileSync(bin!, join(workdir, 'qdrant'));
  execFileSync('chmod', ['+x', join(workdir, 'qdrant')]);
  cpSync(join(src!, 'config'), join(workdir, 'config'), { recursive: true });
  return workdir;
}

async function server(workdir: string) {
  const http = await freePort();
  const grpc = await freePort();
  const url = `http://127.0.0.1:${http}`;
  const s = await startServer({
    name: 'qdrant',
    command: join(workdir, 'qdrant'),
    args: ['--disable-telemetry'],
    cwd: workdir,
    env: {
      ...process.env,
      ...IMAGE_ENV,
      QDRANT__SERVICE__API_KEY: API_KEY,
      QDRANT__SERVICE__HOST: '127.0.0.1',
      QDRANT__SERVICE__HTTP_PORT: String(http),
      QDRANT__SERVICE__GRPC_PORT: String(grpc),
    },
    ready: () =>
      fetch(`${url}/readyz`)
        .then((r) => r.ok)
        .catch(() => false),
    startTimeoutMs: 120_000,
  });
  const api = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${url}${path}`, {
      method,
      headers: { 'api-key': API_KEY, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await r.json()) as { result: unknown; status: unknown };
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json.status)}`);
    return json.result as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  return { s, api, http, grpc };
}

/** Every point of every collection (id and payload, by id), as the server answers. */
async function readBack(api: Awaited<ReturnType<typeof server>>['api']) {
  const out: Record<string, { count: number; points: { id: number; payload: unknown }[] }> = {};
  const names = ((await api('GET', '/collections')).collections as { name: string }[])
    .map((c) => c.name)
    .sort();
  for (const name of names) {
    const count = (await api('POST', `/collections/${name}/points/count`, { exact: true })).count as number;
    const { points } = await api('POST', `/collections/${name}/points/scroll`, {
      limit: 1000,
      with_payload: true,
    });
    out[name] = {
      count,
      points: (points as { id: number; payload: unknown }[])
        .map((p) => ({ id: p.id, payload: p.payload }))
        .sort((a, b) => a.id - b.id),
    };
  }
  return out;
}

const r = await renderedPlatform(join(root, 'platform.yaml'));
const hook = backupHook(rendered(r, 'Deployment', 'ai', 'qdrant'));
const init = restoreInit(r.plan);

// The live server and its data.
const live = image('live');
const a = await server(live);
const version = execFileSync(bin, ['--version']).toString().trim();
for (const [name, c] of Object.entries(COLLECTIONS)) {
  await api(a, 'PUT', `/collections/${name}`, { vectors: { size: c.size, distance: 'Cosine' } });
  await api(a, 'PUT', `/collections/${name}/points?wait=true`, {
    points: c.points.map((p) => ({ id: p.id, vector: vector(p.id, c.size), payload: p.payload })),
  });
}
const written = await readBack(a.api);

// The backup hook, against the running server.
const hookOut = await runPodScript(
  hook.shell,
  localScript(hook.script, { workdir: live, http: a.http, grpc: a.grpc }),
  { ...process.env, ...IMAGE_ENV, QDRANT__SERVICE__API_KEY: API_KEY },
);
const snapshots = readdirSync(join(live, 'snapshots'));
const snapshot = snapshots.find((f) => f.endsWith('.snapshot'))!;

// Writes after the snapshot, then Velero's copy of the volumes while the server runs.
for (const [name, points] of Object.entries(AFTER_SNAPSHOT)) {
  const size = COLLECTIONS[name]!.size;
  await api(a, 'PUT', `/collections/${name}/points?wait=true`, {
    points: points.map((p) => ({ id: p.id, vector: vector(p.id, size), payload: p.payload })),
  });
}
for (const [name, ids] of Object.entries(DELETED_AFTER_SNAPSHOT))
  await api(a, 'POST', `/collections/${name}/points/delete?wait=true`, { points: ids });
const raw = await readBack(a.api);
const restored = image('restored');
rmSync(join(restored, 'storage'), { recursive: true });
cpSync(join(live, 'storage'), join(restored, 'storage'), { recursive: true });
cpSync(join(live, 'snapshots'), join(restored, 'snapshots'), { recursive: true });
await a.s.stop();

// The restore step with the real binary, then the server on what it left.
const [ishell, , iscript] = init.command as string[];
const stepPorts = { http: await freePort(), grpc: await freePort() };
const stepOut = await runPodScript(ishell!, localScript(iscript!, { workdir: restored, ...stepPorts }), {
  PATH: process.env.PATH,
  ...IMAGE_ENV,
});
const b = await server(restored);
const back = await readBack(b.api);
await b.s.stop();

// Kept gzipped: the snapshot's preallocated files (WAL segments, mmap pages) are mostly zeros.
const fixtures = join(root, 'test/fixtures/qdrant');
for (const f of readdirSync(fixtures)) if (f.endsWith('.snapshot.gz')) rmSync(join(fixtures, f));
const bytes = readFileSync(join(live, 'snapshots', snapshot));
writeFileSync(join(fixtures, `${snapshot}.gz`), gzipSync(bytes, { level: 9 }));
const record = {
  qdrant: version,
  recordedWith: 'scripts/record-qdrant-snapshot.ts',
  snapshot: { file: snapshot, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
  snapshotsDirAfterHook: snapshots.sort(),
  written,
  rawCopy: raw,
  restoredByRealServer: back,
  hookOutput: hookOut.trim(),
  restoreStepOutput: stepOut
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('qdrant:'))
    .map((l) => l.replace(restored, '/qdrant')),
};
writeFileSync(join(fixtures, 'record.json'), JSON.stringify(record, null, 2) + '\n');
rmSync(tmp, { recursive: true, force: true });
console.log(`${version}: ${snapshot} (${bytes.length} bytes) recorded in test/fixtures/qdrant`);

async function api(srv: Awaited<ReturnType<typeof server>>, method: string, path: string, body?: unknown) {
  return srv.api(method, path, body);
}
