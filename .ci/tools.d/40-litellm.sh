# LiteLLM's proxy from PyPI, in its own venv ($SHAI_TOOLS/litellm), for test/real/litellm.test.ts.
# The image pins v1.104.2 (litellm/litellm-non_root, src/images/litellm.ts), which PyPI serves as 1.104.2; so are the
# sibling packages its [proxy] extra pins (litellm-proxy-extras==0.4.102.post1, litellm-enterprise==0.1.71), so the
# extra's requirements, read from litellm's own metadata, install as declared (`nearest` below is empty; it maps a
# sibling to the nearest served version when PyPI lacks the pinned one). From the [proxy-runtime] extra (what the
# image adds for running the proxy) only `prometheus-client` is taken, as litellm declares it: shai's config.yaml turns
# on the `prometheus` callback, which imports it when the proxy starts (LiteLLM's docs: "already pre-installed on the
# litellm Docker image"). Nothing else is added or left out.
# `prisma` (Prisma Client Python, in LiteLLM's extra-proxy extra) is installed too: the proxy's database step needs
# it. Its engines are downloaded at run time from Prisma's own server, which this machine cannot reach (the test
# reports what happens then).
LITELLM_VERSION=1.104.2
# The stamp changes with what is installed besides litellm, so a cache of the older set is installed again.
LITELLM_STAMP="$LITELLM_VERSION+prometheus-client"
litellm_install() {
  local venv="$SHAI_TOOLS/litellm" t0=$SECONDS
  rm -rf "$venv" && python3 -m venv "$venv" || return 1
  "$venv/bin/pip" install -q --no-cache-dir "litellm==$LITELLM_VERSION" >"$SHAI_TOOLS/litellm.log" 2>&1 || return 1
  "$venv/bin/python" - >"$SHAI_TOOLS/litellm-proxy-requirements.txt" <<'EOF' || return 1
from importlib.metadata import requires
from packaging.requirements import Requirement
nearest = {}
for r in requires('litellm'):
    q = Requirement(r)
    if not q.marker or q.marker.evaluate({'extra': ''}):
        continue
    if q.marker.evaluate({'extra': 'proxy'}) or (q.name == 'prometheus-client' and q.marker.evaluate({'extra': 'proxy-runtime'})):
        q.marker = None
        print(f'{q.name}=={nearest[q.name]}' if q.name in nearest else q)
EOF
  "$venv/bin/pip" install -q --no-cache-dir -r "$SHAI_TOOLS/litellm-proxy-requirements.txt" 'prisma==0.15.0' \
    >>"$SHAI_TOOLS/litellm.log" 2>&1 || return 1
  ln -sf "$venv/bin/litellm" "$SHAI_TOOLS/bin/litellm"
  echo "tools: litellm $LITELLM_VERSION installed in $((SECONDS - t0)) s ($(du -sm "$venv" | cut -f1) MiB)"
}
if stamped litellm "$LITELLM_STAMP" && [ -x "$SHAI_TOOLS/bin/litellm" ]; then
  echo "tools: litellm $LITELLM_VERSION (cached)"
elif litellm_install; then
  stamp litellm "$LITELLM_STAMP"
else
  echo "warning: installing litellm $LITELLM_VERSION failed (log: $SHAI_TOOLS/litellm.log)"
  tail -5 "$SHAI_TOOLS/litellm.log"
fi
