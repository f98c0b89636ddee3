/*
 * The application-consistent snapshots and restore probes of the services, as data their service files name.
 * A snapshot runs in the application's own container as a Velero pre-backup hook (build/velero-backup.ts), so it
 * completes just before Velero copies that pod's volumes; the script exits non-zero when the snapshot failed,
 * which Velero records as a failed hook (`shai backup status`, doctor's velero-backup-failed).
 * Every command is one the pinned image has: cited per entry.
 */
/**
 * An application's own consistent copy of its data, taken in its running container by a Velero pre-backup hook
 * just before Velero copies the pod's volumes, so the copy holds a snapshot the application can load.
 */
export interface SnapshotSpec {
  /** What the application offers, and where that is documented or implemented (cited). */
  what: string;
  /** The container that runs it; the service's main container when absent. */
  container?: string;
  /** The shell of the image that runs `script` (`sh -c`, or bash for its /dev/tcp). */
  shell: '/bin/sh' | '/bin/bash';
  /** The commands; exits non-zero when the snapshot failed, which fails the Velero backup. */
  script: string;
  /** The pod volume the snapshot lands on; Velero keeps it with the service's volumes. */
  volume: string;
  /** Velero's hook timeout (a Go duration). */
  timeout: string;
}

/**
 * A step run in a restored pod before the application starts: Velero adds it as an init container (the Restore's
 * `hooks`, after its own restore-wait container, so the volume's files are back), from the service's main image,
 * with `volume` mounted where the application mounts it. It turns the snapshot into what the application loads.
 */
export interface RestoreStep {
  what: string;
  shell: '/bin/sh' | '/bin/bash';
  script: string;
  volume: string;
  /** Other pod volumes the step reads (a snapshot's emptyDir, restored by Velero too), where the step mounts them. */
  mounts?: { volume: string; mountPath: string }[];
  timeout: string;
}

/** How a restore is proved: a script run in the restored service's container that fails unless the data is there. */
export interface RestoreProbe {
  what: string;
  shell: '/bin/sh' | '/bin/bash';
  script: string;
}

/**
 * A consistent copy of a SQLite database with SQLite's online backup API (Python's sqlite3.Connection.backup),
 * safe while the application writes; for images that ship Python (Open WebUI's python:3.11-slim base).
 */
export function sqliteSnapshot(db: string, copy: string, volume: string): SnapshotSpec {
  return {
    what: `SQLite online backup of ${db}`,
    shell: '/bin/sh',
    script: [
      'set -eu',
      `mkdir -p "$(dirname ${copy})"`,
      `python3 -c "import sqlite3,sys; s=sqlite3.connect(sys.argv[1]); d=sqlite3.connect(sys.argv[2]); s.backup(d); d.close(); s.close()" ${db} ${copy}.tmp`,
      `mv ${copy}.tmp ${copy}`,
    ].join('\n'),
    volume,
    timeout: '5m',
  };
}

/**
 * n8n's own export of every workflow and credential (`n8n export:workflow --backup`, `export:credentials --backup`:
 * all, one file each); credentials stay encrypted with N8N_ENCRYPTION_KEY (decrypted only with --decrypted), so
 * restoring them needs the sealed encryption key too. Written to the kept data volume.
 * n8n exits 1 when it holds none ("No workflows found with specified filters"; n8n 2.41.1, npm, dist/commands/
 * export/workflow.js and credentials.js throw it, base-command.js `finally` exits 1), which a platform with every
 * workflow off meets every night: none is an empty folder here, not a failed backup. Any other failure still is.
 */
export function n8nExport(dir: string, volume: string): SnapshotSpec {
  return {
    what: 'n8n export of all workflows and (encrypted) credentials',
    shell: '/bin/sh',
    script: [
      'set -eu',
      'export_all() {',
      '  out=$(n8n "$1" --backup "--output=$2" 2>&1) && rc=0 || rc=$?',
      `  printf '%s\\n' "$out"`,
      '  [ "$rc" -eq 0 ] || case "$out" in *"$3"*) ;; *) return "$rc" ;; esac',
      '}',
      `rm -rf ${dir}.tmp && mkdir -p ${dir}.tmp/workflows ${dir}.tmp/credentials`,
      `export_all export:workflow ${dir}.tmp/workflows/ 'No workflows found with specified filters'`,
      `export_all export:credentials ${dir}.tmp/credentials/ 'No credentials found with specified filters'`,
      `rm -rf ${dir} && mv ${dir}.tmp ${dir}`,
    ].join('\n'),
    volume,
    timeout: '10m',
  };
}

/** A restore probe that a file exists and is not empty. */
export function fileProbe(path: string, what: string): RestoreProbe {
  return { what, shell: '/bin/sh', script: `test -s ${path}` };
}

/**
 * A restore probe that n8n's export (n8nExport) came back: its workflow and credential folders are there. Folders,
 * not files: an n8n that holds no workflow exports an empty folder.
 */
export function n8nExportProbe(dir: string): RestoreProbe {
  return {
    what: 'the workflow and credential export is there',
    shell: '/bin/sh',
    script: `test -d ${dir}/workflows && test -d ${dir}/credentials`,
  };
}

/** A restore probe that a directory holds at least one file (outputs, dashboards). */
export function dirProbe(dir: string, what: string): RestoreProbe {
  return { what, shell: '/bin/sh', script: `test -n "$(ls -A ${dir})"` };
}

/** Where Valkey's snapshot hook leaves its RDB copy, on the data volume Velero copies. */
export const valkeyRdbCopy = (dir: string) => `${dir}/backup/valkey.rdb`;

/**
 * Valkey's application-consistent snapshot: BGSAVE (a fork writes the whole dataset to `<dir>/dump.rdb` at one
 * instant), waited for through LASTSAVE, then copied beside it, where no later save replaces it while Velero
 * copies the volume. LASTSAVE counts seconds, so the hook first lets the second of the previous save pass; a
 * finished save that failed (rdb_last_bgsave_status:err, nothing in progress) fails the hook and so the backup.
 * valkey-cli, date, cp and mv are in the valkey 9 alpine image (busybox).
 */
export function valkeyRdbSnapshot(dir: string): SnapshotSpec {
  const copy = valkeyRdbCopy(dir);
  return {
    what: 'Valkey RDB snapshot (BGSAVE, LASTSAVE, copied)',
    shell: '/bin/sh',
    script: [
      'set -eu',
      'cli() { valkey-cli -a "$VALKEY_PASSWORD" --no-auth-warning "$@"; }',
      'before=$(cli lastsave)',
      'while [ "$(date +%s)" -le "$before" ]; do sleep 1; done',
      'cli bgsave schedule >/dev/null',
      'while [ "$(cli lastsave)" = "$before" ]; do',
      "  if cli info persistence | grep -q '^rdb_bgsave_in_progress:0' && cli info persistence | grep -q '^rdb_last_bgsave_status:err'; then",
      "    echo 'valkey: BGSAVE failed (rdb_last_bgsave_status:err)' >&2; exit 1",
      '  fi',
      '  sleep 1',
      'done',
      `mkdir -p ${dir}/backup`,
      `cp ${dir}/dump.rdb ${copy}.tmp`,
      `mv ${copy}.tmp ${copy}`,
    ].join('\n'),
    volume: 'data',
    timeout: '10m',
  };
}

/**
 * Loads Valkey's RDB copy in a restored pod. A server started with `--appendonly yes` and no AOF ignores dump.rdb
 * and starts empty (seen with Redis 7.0.15, whose persistence Valkey forked), so the step starts one with AOF
 * off on a socket of the volume, loads the copy, turns AOF on (a rewrite writes the AOF base from the loaded
 * data), waits for that rewrite and shuts it down. The application then starts on the AOF as always. The AOF
 * files Velero copied from the live volume are dropped: only the snapshot is consistent.
 */
export function valkeyRdbRestore(dir: string): RestoreStep {
  const copy = valkeyRdbCopy(dir);
  const sock = `${dir}/restore.sock`;
  return {
    what: "load Valkey's RDB snapshot into a fresh AOF",
    shell: '/bin/sh',
    script: [
      'set -eu',
      `test -s ${copy} || { echo 'valkey: no RDB snapshot at ${copy}' >&2; exit 1; }`,
      `rm -rf ${dir}/appendonlydir ${sock}`,
      `cp ${copy} ${dir}/dump.rdb`,
      `valkey-server --dir ${dir} --port 0 --unixsocket ${sock} --appendonly no --save '' &`,
      `cli() { valkey-cli -s ${sock} "$@"; }`,
      'until cli ping 2>/dev/null | grep -q PONG; do sleep 1; done',
      'cli config set appendonly yes >/dev/null',
      "until cli info persistence | grep -q '^aof_rewrite_in_progress:0' && cli info persistence | grep -q '^aof_rewrite_scheduled:0' && ! cli info persistence | grep -q '^aof_rewrites:0'; do sleep 1; done",
      "cli info persistence | grep -q '^aof_last_bgrewrite_status:ok' || { echo 'valkey: AOF rewrite failed' >&2; exit 1; }",
      'cli shutdown >/dev/null',
      'wait',
      `rm -f ${sock}`,
    ].join('\n'),
    volume: 'data',
    timeout: '10m',
  };
}

/** A restore probe that the restored Valkey answers and holds keys. */
export function valkeyProbe(): RestoreProbe {
  return {
    what: 'Valkey holds keys',
    shell: '/bin/sh',
    script: 'test "$(valkey-cli -a "$VALKEY_PASSWORD" --no-auth-warning dbsize)" -gt 0',
  };
}
