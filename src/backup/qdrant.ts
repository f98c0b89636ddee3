/*
 * Qdrant's consistent copy and its restore, read in Qdrant's source at the pinned tag (qdrant v1.18.0):
 * - `POST /snapshots` writes a full storage snapshot `full-snapshot-<time>.snapshot` into the snapshots path: a
 *   tar of one collection snapshot per collection plus `config.json` mapping collection names to them and the
 *   aliases (lib/storage/src/content_manager/snapshots/mod.rs:24-31, 116-227). Each collection snapshot is
 *   first stored under `<snapshots path>/<collection>/` (lib/storage/src/content_manager/toc/snapshots.rs:53-73),
 *   whose checksum file stays there. A collection snapshot `<collection>-<peer id>-<time>.snapshot` is a tar of
 *   `version.info`, `config.json`, `shard_key_mapping.json`, `payload_index.json` and per shard `<id>/` with
 *   `replica_state.json`, `shard_config.json`, `wal/` and `segments/<uuid>.tar` (lib/collection/src/collection/
 *   snapshots.rs:55-164; as in the recorded test/fixtures/qdrant snapshot).
 * - The binary loads one at startup: `--storage-snapshot <file>` with `--force-snapshot` replaces the collections it
 *   holds, before the API starts (src/main.rs:91-111, 466-489; src/snapshots.rs:89-145 untars it, reads
 *   config.json and restores each collection through Collection::restore_snapshot, then the aliases).
 * The image has no curl or wget (Dockerfile:183-186: ca-certificates tzdata libunwind8 only) but has bash, so
 * requests go through bash's /dev/tcp. Both scripts ran against a qdrant 1.18.0 binary built from the tag
 * (scripts/record-qdrant-snapshot.ts; what it read back is test/fixtures/qdrant/record.json).
 */
import type { RestoreProbe, RestoreStep, SnapshotSpec } from './snapshots.ts';

/** A pod volume and where the application's container mounts it. */
interface Mount {
  volume: string;
  mountPath: string;
}

/**
 * An HTTP request to the local Qdrant on fd 3, with the container's API key or none; its status code in `status`,
 * waited for at most `timeout` seconds when given.
 */
function request(port: number, line: string, apiKey: boolean, timeout?: number): string[] {
  const header = apiKey ? 'api-key: %s\\r\\n' : '';
  const args = apiKey ? ' "$QDRANT__SERVICE__API_KEY"' : '';
  return [
    `exec 3<>/dev/tcp/127.0.0.1/${port}`,
    `printf '${line} HTTP/1.1\\r\\nHost: localhost\\r\\n${header}Content-Length: 0\\r\\nConnection: close\\r\\n\\r\\n'${args} >&3`,
    `read -r${timeout ? ` -t ${timeout}` : ''} _ status _ <&3`,
  ];
}

/**
 * Qdrant's full storage snapshot (`POST /snapshots?wait=true`, src/actix/api/snapshot_api.rs), written to its
 * snapshots path with the API key of the container's env. Older snapshots (and their checksums and restore marks)
 * are removed first: each is a full copy of the data. Qdrant leaves a folder per collection beside it, holding that
 * collection snapshot's checksum file (seen with qdrant 1.18.0): dropped, or they pile up one file per collection
 * per backup. `tmp` is Qdrant's own temporary folder there (lib/storage/src/content_manager/toc/
 * temp_directories.rs:9) and stays.
 */
export function qdrantSnapshot(port: number, dir: string): SnapshotSpec {
  return {
    what: 'Qdrant full storage snapshot (POST /snapshots?wait=true)',
    shell: '/bin/bash',
    script: [
      'set -eu',
      `find ${dir} -mindepth 1 -maxdepth 1 -name '*.snapshot*' -delete`,
      ...request(port, 'POST /snapshots?wait=true', true),
      '[ "$status" = 200 ] || { echo "qdrant answered $status to POST /snapshots" >&2; exit 1; }',
      `find ${dir} -mindepth 1 -maxdepth 1 -type d ! -name tmp -exec rm -rf {} +`,
      `ls ${dir}/*.snapshot >/dev/null`,
    ].join('\n'),
    volume: 'snapshots',
    timeout: '10m',
  };
}

/**
 * Loads the full storage snapshot in a restored pod, so Qdrant starts on the copy it vouched for rather than on
 * the files Velero copied while it ran: the binary starts with `--storage-snapshot <file> --force-snapshot`
 * (which replaces every collection the snapshot holds) on loopback only, without telemetry; once `/readyz`
 * answers (the collections are restored and loaded) it is stopped with SIGTERM, on which it shuts down cleanly
 * (src/tonic/mod.rs:102-104, actix's own signal handling). A `.restored` mark beside the snapshot keeps a
 * restarted pod from loading it again over newer writes. The storage and snapshots paths are the config's
 * relative ones under the image's WORKDIR /qdrant (config/config.yaml: storage_path ./storage, snapshots_path
 * ./snapshots), where the step runs.
 */
export function qdrantSnapshotRestore(opts: {
  ports: { http: number; grpc: number };
  workdir: string;
  storage: Mount;
  snapshots: Mount;
}): RestoreStep {
  const { ports, workdir, storage, snapshots } = opts;
  const dir = snapshots.mountPath;
  return {
    what: "load Qdrant's full storage snapshot (qdrant --storage-snapshot --force-snapshot)",
    shell: '/bin/bash',
    script: [
      'set -eu',
      'shopt -s nullglob',
      `snaps=(${dir}/*.snapshot)`,
      `[ \${#snaps[@]} -eq 1 ] || { echo "qdrant: expected one full storage snapshot in ${dir}, found \${#snaps[@]}" >&2; exit 1; }`,
      'snap=${snaps[0]}',
      'if [ -e "$snap.restored" ]; then echo "qdrant: $snap was restored already"; exit 0; fi',
      // What an interrupted earlier run left: the unpacked snapshot and the collections being unpacked, which the
      // recovery's tar unpack refuses to overwrite (src/snapshots.rs:97-99, 67-68; lib/common/common/src/
      // tar_unpack.rs set_overwrite(false)): the 1.18.0 binary panics at src/snapshots.rs:103 on every retry.
      `rm -rf ${storage.mountPath}/snapshots_recovery_tmp ${storage.mountPath}/collections/*.tmp`,
      `cd ${workdir}`,
      `QDRANT__SERVICE__HOST=127.0.0.1 QDRANT__SERVICE__HTTP_PORT=${ports.http} QDRANT__SERVICE__GRPC_PORT=${ports.grpc} \\`,
      '  ./qdrant --storage-snapshot "$snap" --force-snapshot --disable-telemetry &',
      'pid=$!',
      `ready() { ( ${request(ports.http, 'GET /readyz', false, 5).join('; ')}; [ "$status" = 200 ] ); }`,
      'until ready 2>/dev/null; do',
      '  if ! kill -0 "$pid" 2>/dev/null; then',
      '    rc=0; wait "$pid" || rc=$?',
      '    echo "qdrant: exited ($rc) before it was ready; the snapshot was not restored" >&2; exit 1',
      '  fi',
      '  sleep 1',
      'done',
      'kill -TERM "$pid"',
      'wait "$pid"',
      'touch "$snap.restored"',
      'echo "qdrant: restored $snap"',
    ].join('\n'),
    volume: storage.volume,
    mounts: [snapshots],
    timeout: '30m',
  };
}

/** A restore probe that the restore step loaded the snapshot (its mark) and the collections are there. */
export function qdrantProbe(storage: string, snapshots: string): RestoreProbe {
  return {
    what: 'the snapshot was loaded and the collections are there',
    shell: '/bin/sh',
    script: `ls ${snapshots}/*.snapshot.restored >/dev/null && test -n "$(ls -A ${storage}/collections)"`,
  };
}
