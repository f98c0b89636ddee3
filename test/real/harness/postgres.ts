/*
 * A throwaway PostgreSQL (Debian's package; `.ci/tools.d/30-postgres-redis.sh` links its binaries into
 * $SHAI_TOOLS/bin): a fresh cluster in a temporary directory, listening on one loopback address, removed on stop.
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user the Debian package creates.
 */
import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findTool } from '../../helpers/tools.ts';
import { type Server, startServer } from './process.ts';

const run = promisify(execFile);

/** A database to create: its name, owner role and the owner's password. */
export interface Database {
  name: string;
  owner: string;
  password: string;
}

/** A running PostgreSQL; `sql` runs a statement as the superuser. */
export interface Postgres extends Server {
  host: string;
  port: number;
  sql: (database: string, statement: string) => Promise<string>;
}

function tool(name: string): string {
  const path = findTool(name);
  if (!path) throw new Error(`${name} not found; run bash .ci/tools.sh`);
  // The link target: the postgres user cannot traverse root's home, where $SHAI_TOOLS/bin usually is.
  return realpathSync(path);
}

async function postgresUser(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: g } = await run('id', ['-g', 'postgres']);
  return { uid: Number(stdout.trim()), gid: Number(g.trim()) };
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Extra server settings (`-c name=value`), e.g. WAL archiving for the backup tests. */
export type Settings = Record<string, string>;

/** The uid/gid PostgreSQL runs as, and its environment. */
export async function postgresProcessUser() {
  const user = await postgresUser();
  return { ...user, env: { PATH: process.env.PATH, LANG: 'C.UTF-8' } };
}

/** psql as the superuser over the socket directory `dir`. */
export function superuserPsql(
  dir: string,
  port: number,
  asUser: Awaited<ReturnType<typeof postgresProcessUser>>,
) {
  return (db: string, statement: string) =>
    run(
      tool('psql'),
      ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', db, '-XAtqc', statement],
      asUser,
    ).then((r) => r.stdout.trim());
}

/**
 * Starts `postgres` on an existing data directory (a fresh initdb, or one a restore wrote), its socket in `dir`,
 * listening on `host:port`; ready once the superuser can run a query (after any recovery has ended).
 */
export async function runPostgres(
  data: string,
  dir: string,
  host: string,
  port: number,
  settings: Settings = {},
): Promise<Server> {
  const asUser = await postgresProcessUser();
  const psql = superuserPsql(dir, port, asUser);
  const extra = Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  return startServer({
    name: 'postgres',
    command: tool('postgres'),
    args: [
      '-D',
      data,
      '-k',
      dir,
      '-h',
      host,
      '-p',
      String(port),
      '-c',
      'fsync=off',
      '-c',
      'password_encryption=scram-sha-256',
      ...extra,
    ],
    ...asUser,
    ready: () => psql('postgres', 'select 1').then((o) => o === '1'),
    startTimeoutMs: 60_000,
  });
}

/** Starts PostgreSQL on `host:port` and creates `databases` with their owners (login, password). */
export async function startPostgres(
  host: string,
  port: number,
  databases: Database[],
  settings: Settings = {},
): Promise<Postgres & { dir: string; data: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'shai-pg-'));
  const user = await postgresUser();
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
  const data = join(dir, 'data');
  const asUser = await postgresProcessUser();
  let server: Server | undefined;
  try {
    await run(
      tool('initdb'),
      ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'],
      asUser,
    );
    // The superuser over our own socket directory only; over TCP every role needs its password (scram).
    writeFileSync(join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.0/8 scram-sha-256\n');
    const psql = superuserPsql(dir, port, asUser);
    server = await runPostgres(data, dir, host, port, settings);
    for (const d of databases) {
      await psql('postgres', `create role ${ident(d.owner)} login password ${quote(d.password)}`);
      await psql('postgres', `create database ${ident(d.name)} owner ${ident(d.owner)}`);
    }
    const started = server;
    return {
      ...started,
      host,
      port,
      dir,
      data,
      sql: psql,
      stop: async () => {
        await started.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
