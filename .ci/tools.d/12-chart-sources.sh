# Chart sources a registry here serves, for test/charts/rerender.test.ts (real helm renders a recording again, byte
# for byte): the sealed-secrets chart ships in the sealed-secrets Go module (helm/sealed-secrets), and module
# v0.32.2 holds chart 2.17.6, the pin (src/services/versions.ts); helm renders it to exactly the recording made
# from the helm-v2.17.6 tag. The velero and actions-runner-controller charts are in no registry here: their
# recordings are checked against their inputs only (test/fixtures/charts/README.md).
_ss_module=github.com/bitnami-labs/sealed-secrets@v0.32.2
_ss_chart="$SHAI_TOOLS/charts/sealed-secrets-2.17.6"
if stamped chart-sealed-secrets "$_ss_module" && [ -f "$_ss_chart/Chart.yaml" ]; then
  echo "tools: sealed-secrets chart 2.17.6 from $_ss_module (cached)"
else
  _t0=$SECONDS
  _dir=$(GOFLAGS=-mod=mod go mod download -json "$_ss_module" 2>"$SHAI_TOOLS/chart-sealed-secrets.log" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  if [ -n "$_dir" ] && grep -q '^version: 2.17.6$' "$_dir/helm/sealed-secrets/Chart.yaml" 2>/dev/null; then
    rm -rf "$_ss_chart" && mkdir -p "$SHAI_TOOLS/charts" && cp -r "$_dir/helm/sealed-secrets" "$_ss_chart" \
      && chmod -R u+w "$_ss_chart" && stamp chart-sealed-secrets "$_ss_module" \
      && echo "tools: sealed-secrets chart 2.17.6 from $_ss_module in $((SECONDS - _t0)) s"
  else
    echo "warning: the sealed-secrets chart 2.17.6 from $_ss_module is not there (log: $SHAI_TOOLS/chart-sealed-secrets.log)"
  fi
fi
