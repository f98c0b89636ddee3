# promtool, amtool and yamllint validate the configuration files shai renders; the Prometheus server (same
# Debian package as promtool) answers doctor --probe's API calls in test/cluster/prometheus-probe.test.ts.
command -v promtool >/dev/null && command -v prometheus >/dev/null && command -v amtool >/dev/null \
  && command -v yamllint >/dev/null \
  || apt_install prometheus prometheus-alertmanager yamllint
# openssl makes the client CA and certificate of the test API server's `cert-admin` user
# (test/helpers/apiserver.ts: a k3s kubeconfig authenticates with a client certificate).
command -v openssl >/dev/null || apt_install openssl
