# promtool, amtool and yamllint validate the configuration files shai renders; the Prometheus server (same
# Debian package as promtool) answers doctor --probe's API calls in test/cluster/prometheus-probe.test.ts.
command -v promtool >/dev/null && command -v prometheus >/dev/null && command -v amtool >/dev/null \
  && command -v yamllint >/dev/null \
  || apt_install prometheus prometheus-alertmanager yamllint
