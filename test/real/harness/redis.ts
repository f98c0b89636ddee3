/*
 * A throwaway Redis (Debian's `redis-server`; the platform runs Valkey 9, which speaks the same protocol and
 * takes the same `requirepass` flag): no persistence, one loopback address, stopped with the test.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { findTool } from '../../helpers/tools.ts';
import { type Server, startServer } from './process.ts';

const run = promisify(execFile);

/** A running Redis; `cli` runs one command with the password. */
export interface Redis extends Server {
  cli: (...args: string[]) => Promise<string>;
}

/** Starts redis-server on `host:port` requiring `password`. */
export async function startRedis(host: string, port: number, password: string): Promise<Redis> {
  const bin = findTool('redis-server');
  const cliBin = findTool('redis-cli');
  if (!bin || !cliBin) throw new Error('redis-server/redis-cli not found; run bash .ci/tools.sh');
  const cli = (...args: string[]) =>
    run(cliBin, ['-h', host, '-p', String(port), '--no-auth-warning', '-a', password, ...args]).then((r) =>
      r.stdout.trim(),
    );
  const server = await startServer({
    name: 'redis-server',
    command: bin,
    args: [
      '--bind',
      host,
      '--port',
      String(port),
      '--requirepass',
      password,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    ready: () => cli('ping').then((o) => o === 'PONG'),
    startTimeoutMs: 30_000,
  });
  return { ...server, cli };
}
