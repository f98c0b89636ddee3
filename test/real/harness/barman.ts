/*
 * barman-cloud, the programs CloudNativePG's Barman Cloud plugin runs in its sidecar (PyPI barman 3.19.1, the
 * version of plugin-barman-cloud v0.13.0's sidecar image; `.ci/tools.d/35-barman-s3.sh`).
 * In a CloudNativePG pod PostgreSQL's archive_command and restore_command hand each WAL file to the instance
 * manager, which passes it to the plugin's sidecar, which runs barman-cloud-wal-archive / -wal-restore. Here the
 * same hand-off: PostgreSQL (running as the postgres user) copies each finished segment into a spool directory and
 * reads restored ones from a fetch directory; the test process (the "sidecar") runs the barman-cloud programs on
 * them. The tools live under root's home, which the postgres user cannot enter.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findTool } from '../../helpers/tools.ts';

const exec = promisify(execFile);

/** Where and how barman-cloud writes: the ObjectStore's destination, endpoint and compression, the server name. */
export interface Store {
  destination: string;
  endpoint: string;
  server: string;
  /** `gzip` etc., as the ObjectStore's wal/data compression. */
  compression?: string;
  env: Record<string, string>;
}

function bin(name: string): string {
  const path = findTool(name);
  if (!path) throw new Error(`${name} not found; run bash .ci/tools.sh`);
  return path;
}

async function barman(name: string, store: Store, args: string[]): Promise<string> {
  try {
    const { stdout } = await exec(bin(name), ['--endpoint-url', store.endpoint, ...args], {
      env: { ...process.env, ...store.env },
      maxBuffer: 1 << 24,
    });
    return stdout.trim();
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${name} failed: ${err.stderr || err.message}`);
  }
}

const compressionFlag = (store: Store) => (store.compression ? [`--${store.compression}`] : []);

/** The archive_command that spools a finished WAL segment for the sidecar (never overwriting one). */
export const spoolCommand = (spool: string) => `test ! -f ${spool}/%f && cp %p ${spool}/%f`;

/** The restore_command that reads what the sidecar fetched (a missing file ends recovery, as an empty archive does). */
export const fetchCommand = (fetched: string) => `cp ${fetched}/%f %p`;

/** The sidecar's archiving side: barman-cloud-wal-archive on every spooled segment not archived yet, in order. */
export class WalArchiver {
  private readonly done = new Set<string>();
  constructor(
    private readonly spool: string,
    private readonly store: Store,
  ) {}

  /** Archives what is spooled; returns the names archived by this call. */
  async archive(): Promise<string[]> {
    const names = readdirSync(this.spool)
      .filter((n) => !this.done.has(n))
      .sort();
    for (const n of names) {
      await barman('barman-cloud-wal-archive', this.store, [
        ...compressionFlag(this.store),
        this.store.destination,
        this.store.server,
        join(this.spool, n),
      ]);
      this.done.add(n);
    }
    return names;
  }

  /** Every segment archived so far. */
  archived(): string[] {
    return [...this.done].sort();
  }
}

/** barman-cloud-backup of a running server (connected over its socket directory as the superuser). */
export function baseBackup(store: Store, socketDir: string, port: number): Promise<string> {
  return barman('barman-cloud-backup', store, [
    ...compressionFlag(store),
    '--host',
    socketDir,
    '--port',
    String(port),
    '--user',
    'postgres',
    store.destination,
    store.server,
  ]);
}

/** The ids of the base backups in the store, oldest first (barman-cloud-backup-list --format json). */
export async function backupIds(store: Store): Promise<string[]> {
  const out = await barman('barman-cloud-backup-list', store, [
    '--format',
    'json',
    store.destination,
    store.server,
  ]);
  const list = (JSON.parse(out) as { backups_list: { backup_id: string }[] }).backups_list;
  return list.map((b) => b.backup_id);
}

/** barman-cloud-restore of one base backup into `dir`. */
export function restoreBackup(store: Store, backupId: string, dir: string): Promise<string> {
  return barman('barman-cloud-restore', store, [store.destination, store.server, backupId, dir]);
}

/** The sidecar's restore side: barman-cloud-wal-restore of each named WAL file into `fetched`. */
export async function restoreWals(store: Store, names: readonly string[], fetched: string): Promise<void> {
  mkdirSync(fetched, { recursive: true });
  for (const n of names)
    await barman('barman-cloud-wal-restore', store, [store.destination, store.server, n, join(fetched, n)]);
}

/**
 * barman-cloud-check-wal-archive as the plugin runs it before a new cluster archives its first segment
 * (plugin-barman-cloud v0.13.0 internal/cnpgi/common/check.go; barman-cloud's BarmanCloudCheckWalArchiveOptions
 * passes the endpoint, destination and server name, no --timeline): passes only for an empty archive. Returns
 * undefined when it passes, its message when it refuses.
 */
export async function checkWalArchive(store: Store): Promise<string | undefined> {
  try {
    await barman('barman-cloud-check-wal-archive', store, [store.destination, store.server]);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
