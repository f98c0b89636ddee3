# Qdrant's own engine, for the Qdrant snapshot restore test (test/real/qdrant-snapshot.test.ts): PyPI
# qdrant-edge-py 0.6.1, Qdrant Edge, the embedded engine built from Qdrant's lib/segment, lib/shard, lib/wal and
# lib/gridstore crates (the version lib/edge/python/Cargo.toml has at the pinned v1.18.0 tag and at v1.18.1; 0.7.2
# at v1.18.2). It restores and reads shard snapshots (SnapshotUtils, the code the server's LocalShard runs) but does
# not serve Qdrant's API: no Qdrant server runs in CI (no images; its cargo build took about 24 CPU-minutes here,
# test/fixtures/qdrant/README.md). A binary wheel: 17 s and 5 CPU-seconds cold.
QDRANT_EDGE_VERSION=0.6.1
if venv_tool qdrant-edge "$QDRANT_EDGE_VERSION" "qdrant-edge-py==$QDRANT_EDGE_VERSION"; then
  # A wrapper, not a link: a linked venv python does not find its venv (pyvenv.cfg is looked for beside argv[0]).
  printf '#!/bin/sh\nexec "%s" "$@"\n' "$SHAI_TOOLS/qdrant-edge/bin/python" >"$SHAI_TOOLS/bin/qdrant-edge-python"
  chmod +x "$SHAI_TOOLS/bin/qdrant-edge-python"
fi
