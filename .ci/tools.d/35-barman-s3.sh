# barman-cloud and an S3-compatible server, for the real PostgreSQL backup and point-in-time recovery test
# (test/real/postgres-pitr.test.ts).
# - barman-cloud: PyPI barman[cloud] at the version the pinned Barman Cloud plugin's sidecar image installs
#   (plugin-barman-cloud v0.13.0, containers/sidecar-requirements.txt: barman 3.19.1, boto3/botocore 1.43.26,
#   psycopg2 2.9.12), so barman-cloud-wal-archive/-backup/-restore/-wal-restore are the programs CNPG runs, and
#   barman-cloud-check-wal-archive the check the plugin runs before a new cluster's first WAL segment.
#   psycopg2 is built from source against Debian's libpq, as the sidecar's is.
# - the S3 server: moto's standalone server (PyPI moto[s3] 5.2.5 with the two packages its `server` extra uses to
#   serve, flask and flask-cors; Apache-2.0), which answers the S3 REST API over HTTP on loopback. The rest of the
#   `server` extra (docker, cfn-lint, ...) is for other AWS services and tripled the install. Chosen over SeaweedFS's S3 gateway (a Go build of the whole weed binary with every
#   storage backend, far beyond this tool's minute of CI) and MinIO (AGPL). It is an S3 implementation made for
#   tests, not a production object store: the test says so.
BARMAN_VERSION=3.19.1
MOTO_VERSION=5.2.5
apt_install libpq-dev gcc || true
if venv_tool barman "$BARMAN_VERSION" "barman[cloud]==$BARMAN_VERSION" boto3==1.43.26 botocore==1.43.26 \
  psycopg2==2.9.12 python-dateutil==2.9.0.post0; then
  for t in barman-cloud-backup barman-cloud-wal-archive barman-cloud-restore barman-cloud-wal-restore \
    barman-cloud-backup-list barman-cloud-check-wal-archive; do ln -sf "$SHAI_TOOLS/barman/bin/$t" "$SHAI_TOOLS/bin/$t"; done
fi
# An if, not `a && ln ...`: bash 5.2 execs the last command of an && list at the end of a file sourced in a
# subshell (tools.sh's background lane), so ln replaced the lane and the scripts after this one never ran.
if venv_tool moto "$MOTO_VERSION-s3" "moto[s3]==$MOTO_VERSION" flask==3.1.3 flask-cors==6.0.5; then
  ln -sf "$SHAI_TOOLS/moto/bin/moto_server" "$SHAI_TOOLS/bin/moto_server"
fi
