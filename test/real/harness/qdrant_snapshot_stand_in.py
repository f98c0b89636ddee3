#!/usr/bin/env python3
"""
A stand-in for the Qdrant binary's snapshot-recovery start, named so (test/real/qdrant-snapshot.test.ts): the
restore step runs `./qdrant --storage-snapshot FILE --force-snapshot --disable-telemetry` in the image's WORKDIR,
waits for /readyz and stops it with SIGTERM. No Qdrant server binary runs here, so this does what qdrant v1.18.0
does at that start, as its source says, with Qdrant's own engine for the data:
  - src/snapshots.rs:89-145 recover_full_snapshot: untar FILE into <storage>/snapshots_recovery_tmp (tar_unpack_file
    refuses to overwrite: lib/common/common/src/tar_unpack.rs), read config.json's collections_mapping, restore each
    collection, drop the temporary directory;
  - src/snapshots.rs:26-87 recover_snapshots: a collection that exists is an error without --force-snapshot; the
    collection snapshot is unpacked into collections/<name>.tmp, restored, the old directory removed, the new one
    renamed into place;
  - lib/collection/src/collection/snapshots.rs:169-241 Collection::restore_snapshot: read the collection's
    config.json, for each shard (auto sharding: 0..shard_number) its shard_config.json and replica_state.json
    (lib/collection/src/shards/replica_set/snapshots.rs:77-104: a shard without local data is an error), then
    LocalShard::restore_snapshot = SnapshotUtils::restore_unpacked_snapshot (lib/shard/src/snapshots/
    snapshot_utils.rs:31-55), which this runs for real: Qdrant Edge's EdgeShard.unpack_snapshot is that function
    after a tar unpack (lib/edge/src/snapshots.rs:11-13), so the shard directory is packed again and unpacked by it.
Not done, and said so: the replica state's peer id switch (cluster bookkeeping), aliases (a snapshot with aliases
is refused), and everything the server does after recovery except answering GET /readyz on
QDRANT__SERVICE__HOST:QDRANT__SERVICE__HTTP_PORT until SIGTERM. Storage is ./storage, as the image's config says.
"""
import http.server
import json
import os
import shutil
import signal
import sys
import tarfile
import tempfile
import threading

from qdrant_edge import EdgeShard


def untar(path, dest):
    """tar_unpack_file: regular files and directories only, never over an existing file."""
    os.makedirs(dest, exist_ok=True)
    with tarfile.open(path) as tar:
        for m in tar.getmembers():
            if not (m.isreg() or m.isdir()):
                sys.exit(f"Forbidden entry type in tar archive: {m.name}")
            if m.isreg() and os.path.exists(os.path.join(dest, m.name)):
                sys.exit(f"{m.name} exists in {dest}: tar_unpack_file does not overwrite")
        tar.extractall(dest, filter="tar")


def restore_shard(shard_dir):
    state_path = os.path.join(shard_dir, "replica_state.json")
    state = json.load(open(state_path)) if os.path.exists(state_path) else {}
    if not state.get("is_local", False):
        sys.exit(f"Can't restore snapshot in local mode with missing data at shard: {shard_dir}")
    if not os.path.exists(os.path.join(shard_dir, "shard_config.json")):
        sys.exit(f"Can't read shard config at {shard_dir}")
    # SnapshotUtils::restore_unpacked_snapshot through Edge: pack the shard again, unpack it in place.
    with tempfile.TemporaryDirectory(dir=os.path.dirname(shard_dir)) as tmp:
        packed = os.path.join(tmp, "shard.tar")
        with tarfile.open(packed, "w") as tar:
            for name in sorted(os.listdir(shard_dir)):
                tar.add(os.path.join(shard_dir, name), arcname=name)
        shutil.rmtree(shard_dir)
        EdgeShard.unpack_snapshot(packed, shard_dir)


def restore_collection(snapshot, target):
    untar(snapshot, target)
    config = json.load(open(os.path.join(target, "config.json")))
    params = config["params"]
    if params.get("sharding_method", "auto") != "auto":
        sys.exit("custom sharding is not done by the stand-in")
    for shard_id in range(params.get("shard_number", 1)):
        restore_shard(os.path.join(target, str(shard_id)))


def recover_full_snapshot(snapshot, storage, force):
    tmp = os.path.join(storage, "snapshots_recovery_tmp")
    untar(snapshot, tmp)
    config = json.load(open(os.path.join(tmp, "config.json")))
    if config.get("collections_aliases"):
        sys.exit("aliases are not done by the stand-in")
    for name, file in config["collections_mapping"].items():
        path = os.path.join(storage, "collections", name)
        if os.path.exists(path) and not force:
            sys.exit(f"Collection {name} already exists. Use --force-snapshot to overwrite it.")
        temp = os.path.splitext(path)[0] + ".tmp"  # Path::with_extension("tmp")
        restore_collection(os.path.join(tmp, file), temp)
        if os.path.exists(path):
            shutil.rmtree(path)
        os.rename(temp, path)
        print(f"Recovered collection {name} from {file}", flush=True)
    shutil.rmtree(tmp)


class Ready(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/readyz" else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def main(argv):
    if "--storage-snapshot" not in argv:
        sys.exit("the stand-in does only --storage-snapshot")
    snapshot = argv[argv.index("--storage-snapshot") + 1]
    recover_full_snapshot(snapshot, "./storage", "--force-snapshot" in argv)
    host = os.environ.get("QDRANT__SERVICE__HOST", "0.0.0.0")
    port = int(os.environ.get("QDRANT__SERVICE__HTTP_PORT", "6333"))
    server = http.server.HTTPServer((host, port), Ready)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
