# lane: build
# etcd (Debian's etcd-server) and kube-apiserver, built from the Go module k8s.io/kubernetes at the Kubernetes
# minor of cluster.k3sVersion in platform.yaml, for the tests that need a real API server
# (test/helpers/apiserver.ts: server-side validation, Pod Security admission, shai install, live shai doctor).
# .ci/kube-apiserver/go.mod pins the k8s.io/* staging modules to the same release; change both together.
# The version is stamped into the binary as the release build does, so /version answers v1.33.x.
command -v etcd >/dev/null || apt_install etcd-server
_kas_version=$(sed -n 's/^[[:space:]]*k8s\.io\/kubernetes \(v[0-9][^ ]*\).*/\1/p' "$(dirname "${BASH_SOURCE[0]}")/../kube-apiserver/go.mod" | head -1)
if stamped kube-apiserver "$_kas_version" && [ -x "$SHAI_TOOLS/bin/kube-apiserver" ]; then
  echo "tools: kube-apiserver $_kas_version (cached)"
else
  _kas_t0=$SECONDS
  _kas_minor=$(echo "$_kas_version" | cut -d. -f2)
  _kas_pkg=k8s.io/component-base/version
  if (cd "$(dirname "${BASH_SOURCE[0]}")/../kube-apiserver" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath \
    -ldflags "-s -w -X $_kas_pkg.gitVersion=$_kas_version -X $_kas_pkg.gitMajor=1 -X $_kas_pkg.gitMinor=$_kas_minor -X $_kas_pkg.gitTreeState=clean" \
    -o "$SHAI_TOOLS/bin/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver) >"$SHAI_TOOLS/kube-apiserver.log" 2>&1; then
    stamp kube-apiserver "$_kas_version"; echo "tools: kube-apiserver $_kas_version built in $((SECONDS - _kas_t0)) s"
  else
    echo "warning: building kube-apiserver $_kas_version failed (log: $SHAI_TOOLS/kube-apiserver.log)"
    tail -5 "$SHAI_TOOLS/kube-apiserver.log"
  fi
fi
# kubelet-exec: a node's pods/exec endpoint for the restore-probe tests (test/helpers/kubelet-exec.ts), built in
# the same module from the kubelet's own streaming server (k8s.io/kubelet at the same release). Its stamp holds
# the source's hash, so a change to .ci/kube-apiserver/kubelet-exec/main.go rebuilds it.
_ke_src="$(dirname "${BASH_SOURCE[0]}")/../kube-apiserver/kubelet-exec/main.go"
_ke_version="$_kas_version-$(sha256sum "$_ke_src" | cut -c1-12)"
if stamped kubelet-exec "$_ke_version" && [ -x "$SHAI_TOOLS/bin/kubelet-exec" ]; then
  echo "tools: kubelet-exec $_ke_version (cached)"
else
  _ke_t0=$SECONDS
  if (cd "$(dirname "${BASH_SOURCE[0]}")/../kube-apiserver" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath \
    -ldflags "-s -w" -o "$SHAI_TOOLS/bin/kubelet-exec" ./kubelet-exec) >"$SHAI_TOOLS/kubelet-exec.log" 2>&1; then
    stamp kubelet-exec "$_ke_version"; echo "tools: kubelet-exec $_ke_version built in $((SECONDS - _ke_t0)) s"
  else
    echo "warning: building kubelet-exec failed (log: $SHAI_TOOLS/kubelet-exec.log)"
    tail -5 "$SHAI_TOOLS/kubelet-exec.log"
  fi
fi
