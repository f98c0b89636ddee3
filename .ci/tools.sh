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

_apt_updated=
# apt_install PKG...: installs Debian packages that are not installed yet (one apt-get update per run).
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -z "$_apt_updated" ]; then apt-get update -qq >/dev/null 2>&1; _apt_updated=1; fi
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { echo "warning: apt-get install ${missing[*]} failed"; return 1; }
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

for f in "$(dirname "${BASH_SOURCE[0]}")"/tools.d/*.sh; do
  [ -e "$f" ] || continue
  # shellcheck source=/dev/null
  source "$f" || echo "warning: $(basename "$f") failed"
done
