# promtool, amtool and yamllint validate the configuration files shai renders.
command -v promtool >/dev/null && command -v amtool >/dev/null && command -v yamllint >/dev/null \
  || apt_install prometheus prometheus-alertmanager yamllint
