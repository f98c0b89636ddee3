# Granian, the HTTP server the SearXNG image runs (searxng/searxng at cf74e1d9e, the image's commit:
# requirements-server.txt pins granian==2.6.1 and granian[pname]; container/dist.dockerfile sets its GRANIAN_* defaults),
# from PyPI in its own venv ($SHAI_TOOLS/granian), for test/real/searxng-granian.test.ts: the rendered GRANIAN_* settings are the
# ones the real server reads. The test fails when GRANIAN_VERSION and its own pin part.
GRANIAN_VERSION=2.6.1
GRANIAN_STAMP="$GRANIAN_VERSION+pname"
granian_install() {
  local venv="$SHAI_TOOLS/granian" t0=$SECONDS
  rm -rf "$venv" && python3 -m venv "$venv" || return 1
  "$venv/bin/pip" install -q --no-cache-dir "granian[pname]==$GRANIAN_VERSION" >"$SHAI_TOOLS/granian.log" 2>&1 || return 1
  ln -sf "$venv/bin/granian" "$SHAI_TOOLS/bin/granian"
  echo "tools: granian $GRANIAN_VERSION installed in $((SECONDS - t0)) s"
}
if stamped granian "$GRANIAN_STAMP" && [ -x "$SHAI_TOOLS/bin/granian" ]; then
  echo "tools: granian $GRANIAN_VERSION (cached)"
elif granian_install; then
  stamp granian "$GRANIAN_STAMP"
else
  echo "warning: installing granian $GRANIAN_VERSION failed (log: $SHAI_TOOLS/granian.log)"; tail -5 "$SHAI_TOOLS/granian.log"
fi
