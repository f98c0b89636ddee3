#!/usr/bin/env bash
# Installs or builds every real tool the tests run (helm, the Kyverno CLI, kubeseal, servers, ...) into one cache
# folder and reuses what is already there, so a second CI run on the same machine builds nothing.
#   SHAI_TOOLS   the cache folder (default ~/.cache/shai-tools); binaries land in $SHAI_TOOLS/bin
# Each tool is one script in .ci/tools.d/, sourced in name order; it must be idempotent (check its stamp first)
# and print one line saying what it did. A failed tool prints a warning and does not stop the others:
# the tests that need it then fail in CI with a message naming the tool.
set -uo pipefail
export SHAI_TOOLS="${SHAI_TOOLS:-$HOME/.cache/shai-tools}"
mkdir -p "$SHAI_TOOLS/bin" "$SHAI_TOOLS/stamps"
export PATH="$SHAI_TOOLS/bin:$PATH"
export DEBIAN_FRONTEND=noninteractive

# apt_install PKG...: installs Debian packages that are not installed yet. The two lanes below may both call it, so
# apt runs under a lock (and waits for dpkg's own lock rather than failing at once).
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  (
    flock 9
    if [ ! -e "$SHAI_TOOLS/.apt-updated-$$" ]; then
      apt-get update -qq >/dev/null 2>&1
      touch "$SHAI_TOOLS/.apt-updated-$$"
    fi
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1
  ) 9>"$SHAI_TOOLS/.apt.lock" || { echo "warning: apt-get install ${missing[*]} failed"; return 1; }
}

# stamped NAME VERSION: true when $SHAI_TOOLS/stamps/NAME holds VERSION (the tool is built at that version).
stamped() { [ "$(cat "$SHAI_TOOLS/stamps/$1" 2>/dev/null)" = "$2" ]; }
# stamp NAME VERSION: records that NAME is built at VERSION.
stamp() { echo "$2" >"$SHAI_TOOLS/stamps/$1"; }

# go_tool NAME MODULE/PATH VERSION: go install MODULE/PATH@VERSION into $SHAI_TOOLS/bin once per version.
go_tool() {
  local name=$1 pkg=$2 version=$3
  if stamped "$name" "$version" && [ -x "$SHAI_TOOLS/bin/$name" ]; then echo "tools: $name $version (cached)"; return 0; fi
  local t0=$SECONDS
  if GOBIN="$SHAI_TOOLS/bin" GOFLAGS=-buildvcs=false go install "$pkg@$version" >"$SHAI_TOOLS/$name.log" 2>&1; then
    stamp "$name" "$version"; echo "tools: $name $version built in $((SECONDS - t0)) s"
  else
    echo "warning: building $name $version failed (log: $SHAI_TOOLS/$name.log)"; tail -5 "$SHAI_TOOLS/$name.log"; return 1
  fi
}

# venv_tool NAME VERSION PIP-ARGS...: a venv in $SHAI_TOOLS/NAME with PIP-ARGS installed, once per VERSION.
venv_tool() {
  local name=$1 version=$2; shift 2
  local venv="$SHAI_TOOLS/$name" log="$SHAI_TOOLS/$name.log" t0=$SECONDS
  if stamped "$name" "$version" && [ -x "$venv/bin/python" ]; then echo "tools: $name $version (cached)"; return 0; fi
  rm -rf "$venv"
  if python3 -m venv "$venv" && "$venv/bin/pip" install -q --no-cache-dir "$@" >"$log" 2>&1; then
    stamp "$name" "$version"; echo "tools: $name $version installed in $((SECONDS - t0)) s ($(du -sm "$venv" | cut -f1) MiB)"
  else
    echo "warning: installing $name $version failed (log: $log)"; tail -5 "$log"; return 1
  fi
}

# Two lanes run at once, so CI's wall time is the longer lane, not the sum: scripts whose first lines say
# "# lane: build" (Go builds, CPU-bound) run one after another in the foreground; the others (downloads and
# package installs, mostly waiting on the network) run one after another in a background lane.
_tools_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/tools.d"
_run_lane() {
  local f
  for f in "$@"; do
    # shellcheck source=/dev/null
    source "$f" || echo "warning: $(basename "$f") failed"
  done
}
_build=() _net=()
for f in "$_tools_dir"/*.sh; do
  [ -e "$f" ] || continue
  if head -5 "$f" | grep -q '^# lane: build'; then _build+=("$f"); else _net+=("$f"); fi
done
_t0=$SECONDS
( _run_lane "${_net[@]}" ) &
_net_pid=$!
( _run_lane "${_build[@]}" )
wait "$_net_pid"
rm -f "$SHAI_TOOLS"/.apt-updated-*
echo "tools: ready in $((SECONDS - _t0)) s"
