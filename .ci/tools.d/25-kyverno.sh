# lane: build
# The Kyverno CLI (`kyverno apply`), built from Kyverno's own Go module at the version the pinned kyverno chart
# ships (chart 3.9.0 -> appVersion v1.19.0; test/check/kyverno.test.ts fails when the recorded chart's admission
# controller image and this binary part). The tests apply the rendered ClusterPolicies and PolicyExceptions with it.
# Not `go install pkg@version` (go_tool): Kyverno's go.mod has a replace directive, which `go install` refuses,
# so the module is downloaded and built in place with its own go.mod and go.sum, as its `make build-cli` does
# (CGO_ENABLED=0, -s -w, the version stamped), plus -trimpath. Cold (empty module and build caches): about 860 s
# of CPU, ~550 MB of modules, a 265 MB binary.
kyverno_cli() {
  local version=v1.19.0 module=github.com/kyverno/kyverno
  if stamped kyverno "$version" && [ -x "$SHAI_TOOLS/bin/kyverno" ]; then echo "tools: kyverno $version (cached)"; return 0; fi
  local t0=$SECONDS dir log="$SHAI_TOOLS/kyverno.log"
  dir=$(go mod download -json "$module@$version" 2>"$log" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  if [ -z "$dir" ] || ! (cd "$dir" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath \
    -ldflags "-s -w -X $module/pkg/version.BuildVersion=$version" \
    -o "$SHAI_TOOLS/bin/kyverno" ./cmd/cli/kubectl-kyverno) >>"$log" 2>&1; then
    echo "warning: building kyverno $version failed (log: $log)"; tail -5 "$log"; return 1
  fi
  stamp kyverno "$version"; echo "tools: kyverno $version built in $((SECONDS - t0)) s"
}
kyverno_cli
