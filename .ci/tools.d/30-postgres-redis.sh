# PostgreSQL and Redis from Debian, for the real applications the tests start (test/real/harness/postgres.ts,
# redis.ts). Debian keeps initdb/postgres outside PATH (/usr/lib/postgresql/<major>/bin): they are linked into
# $SHAI_TOOLS/bin. Redis 7 stands for Valkey (not packaged in bookworm); the two speak the same protocol.
# The packages' own services are not started (no init system runs them here; the tests start their own).
apt_install postgresql redis-server || true
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -n "$pg_bin" ]; then
  for t in initdb postgres psql; do ln -sf "$pg_bin/$t" "$SHAI_TOOLS/bin/$t"; done
  echo "tools: postgresql $("$pg_bin/postgres" --version | awk '{print $3}'), redis $(redis-server --version 2>/dev/null | sed -n 's/.*v=\([^ ]*\).*/\1/p')"
else
  echo "warning: postgresql is not installed"
fi
