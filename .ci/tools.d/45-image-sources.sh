# The package files the image contracts' environment lists are recorded from (scripts/image-env/recordings.ts),
# in $SHAI_TOOLS/image-sources, for test/real/image-env.test.ts and scripts/record-image-env.ts. Only the files read
# are kept. LiteLLM's are those of its venv (40-litellm.sh).
#   - Open WebUI: the PyPI wheel open-webui==$OPEN_WEBUI_VERSION (the image pins v0.8.11), config.py and env.py, and
#     utils/oauth.py (test/real/open-webui-settings.test.ts runs its role mapping).
#   - n8n: the npm tarballs n8n@$N8N_SOURCE_VERSION (the image pin) and @n8n/config@$N8N_CONFIG_VERSION, their dist/.
#     n8n 2.41.3 depends on @n8n/config 2.39.1, which the registry does not serve; 2.39.0 is the nearest it does.
# The test fails when these versions and the image contracts' tags part.
OPEN_WEBUI_VERSION=0.8.11
N8N_SOURCE_VERSION=2.41.3
N8N_CONFIG_VERSION=2.39.0
image_sources_install() {
  local dir="$SHAI_TOOLS/image-sources" tmp="$SHAI_TOOLS/image-sources.download" log="$SHAI_TOOLS/image-sources.log"
  local t0=$SECONDS owui="open-webui-$OPEN_WEBUI_VERSION"
  rm -rf "$dir" "$tmp" && mkdir -p "$dir/$owui" "$tmp" || return 1
  python3 -m venv "$tmp/venv" && "$tmp/venv/bin/pip" download -q --no-deps --no-cache-dir \
    "open-webui==$OPEN_WEBUI_VERSION" -d "$tmp" >"$log" 2>&1 || return 1
  python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); [z.extract(f"open_webui/{f}", sys.argv[2]) for f in ("config.py", "env.py", "utils/oauth.py")]' \
    "$tmp/open_webui-$OPEN_WEBUI_VERSION-py3-none-any.whl" "$dir/$owui" >>"$log" 2>&1 || return 1
  (cd "$tmp" && npm pack -q --loglevel=error "n8n@$N8N_SOURCE_VERSION" "@n8n/config@$N8N_CONFIG_VERSION") >>"$log" 2>&1 || return 1
  for p in "n8n-$N8N_SOURCE_VERSION" "n8n-config-$N8N_CONFIG_VERSION"; do
    mkdir -p "$tmp/$p" && tar xzf "$tmp/$p.tgz" -C "$tmp/$p" && mkdir -p "$dir/$p" && mv "$tmp/$p/package/dist" "$dir/$p/" || return 1
  done
  rm -rf "$tmp"
  echo "tools: image sources (open-webui $OPEN_WEBUI_VERSION, n8n $N8N_SOURCE_VERSION) in $((SECONDS - t0)) s ($(du -sm "$dir" | cut -f1) MiB)"
}
IMAGE_SOURCES_STAMP="open-webui-$OPEN_WEBUI_VERSION+oauth+n8n-$N8N_SOURCE_VERSION+config-$N8N_CONFIG_VERSION"
if stamped image-sources "$IMAGE_SOURCES_STAMP" && [ -d "$SHAI_TOOLS/image-sources" ]; then
  echo "tools: image sources (cached)"
elif image_sources_install; then
  stamp image-sources "$IMAGE_SOURCES_STAMP"
else
  echo "warning: fetching the image sources failed (log: $SHAI_TOOLS/image-sources.log)"; tail -5 "$SHAI_TOOLS/image-sources.log"
fi
