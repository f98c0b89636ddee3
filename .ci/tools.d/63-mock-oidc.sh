# lane: build
# oauth2-proxy's mock OpenID provider (Go module github.com/oauth2-proxy/mockoidc, the one oauth2-proxy's own tests
# use) wrapped by test/real/mock-oidc/main.go, for test/real/sso.test.ts: the OpenID provider oauth2-proxy logs in
# against there, a stand-in for Keycloak. Rebuilt when the wrapper's sources change. Cold (empty module and build
# caches): 45 CPU-seconds (2 min wall on a loaded 2-core machine); 2 s once the other Go tools filled the build cache.
mock_oidc_build() {
  local src log="$SHAI_TOOLS/mock-oidc.log" t0=$SECONDS version
  src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../test/real/mock-oidc" && pwd)" || return 1
  version=$(cat "$src/main.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -c1-16)
  if stamped mock-oidc "$version" && [ -x "$SHAI_TOOLS/bin/mock-oidc" ]; then
    echo "tools: mock-oidc $version (cached)"; return 0
  fi
  if (cd "$src" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath -ldflags "-s -w" \
    -o "$SHAI_TOOLS/bin/mock-oidc" .) >"$log" 2>&1; then
    stamp mock-oidc "$version"
    echo "tools: mock-oidc $version built in $((SECONDS - t0)) s"
  else
    echo "warning: building mock-oidc failed (log: $log)"; tail -5 "$log"; return 1
  fi
}
mock_oidc_build
