# lane: build
# oauth2-proxy, built from its own Go module, for test/real/sso-keycloak.test.ts (forward-auth with the rendered flags, against the real Keycloak).
# The image pins v7.15.6 (quay.io/oauth2-proxy/oauth2-proxy, src/images/oauth2-proxy.ts); the Go module proxy serves
# that version (and refuses older ones, e.g. v7.14.3: 403 "not available"). Built as upstream's Makefile builds
# it (CGO_ENABLED=0, the version stamped into pkg/version), plus -trimpath and -s -w. The test fails when the image
# pin and OAUTH2_PROXY_VERSION part. Cold (empty module and build caches): measured in the file's commit message.
OAUTH2_PROXY_VERSION=v7.15.6
oauth2_proxy_build() {
  local module=github.com/oauth2-proxy/oauth2-proxy/v7 log="$SHAI_TOOLS/oauth2-proxy.log" t0=$SECONDS
  if stamped oauth2-proxy "$OAUTH2_PROXY_VERSION" && [ -x "$SHAI_TOOLS/bin/oauth2-proxy" ]; then
    echo "tools: oauth2-proxy $OAUTH2_PROXY_VERSION (cached)"; return 0
  fi
  if GOBIN="$SHAI_TOOLS/bin" CGO_ENABLED=0 GOFLAGS=-buildvcs=false go install -trimpath \
    -ldflags "-s -w -X $module/pkg/version.VERSION=$OAUTH2_PROXY_VERSION" "$module@$OAUTH2_PROXY_VERSION" >"$log" 2>&1; then
    stamp oauth2-proxy "$OAUTH2_PROXY_VERSION"
    echo "tools: oauth2-proxy $OAUTH2_PROXY_VERSION built in $((SECONDS - t0)) s"
  else
    echo "warning: building oauth2-proxy $OAUTH2_PROXY_VERSION failed (log: $log)"; tail -5 "$log"; return 1
  fi
}
oauth2_proxy_build
