/*
 * A real application started for a test: its own process group, output kept (the last lines shown when it fails to
 * start), a bounded wait for readiness, and a stop that always ends the whole group.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** How to start a server and how to tell it is ready. */
export interface ServerSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Run as this user and group (a server that refuses root, e.g. PostgreSQL). */
  uid?: number;
  gid?: number;
  /** Resolves true once the server answers; polled until `startTimeoutMs`. */
  ready: () => Promise<boolean>;
  startTimeoutMs: number;
}

/** A started server. `stop()` is idempotent and always leaves no process behind. */
export interface Server {
  name: string;
  pid: number;
  /** Everything the process printed so far (stdout and stderr interleaved, bounded). */
  logs: () => string;
  stop: () => Promise<void>;
}

const MAX_LOG = 2_000_000;

/** The last `n` lines of `text`, for error messages. */
export function tail(text: string, n = 80): string {
  return text.split('\n').slice(-n).join('\n');
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((done) => child.once('exit', () => done()));
}

async function killGroup(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      /* already gone */
    }
  };
  signal('SIGTERM');
  const done = await Promise.race([exited(child).then(() => true), sleep(graceMs).then(() => false)]);
  if (!done) signal('SIGKILL');
  await exited(child);
  signal('SIGKILL'); // children that outlived their parent in the same group
}

/** Starts `spec` and waits until it is ready; on failure stops it and throws with its last output. */
export async function startServer(spec: ServerSpec): Promise<Server> {
  let out = '';
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env as NodeJS.ProcessEnv | undefined,
    uid: spec.uid,
    gid: spec.gid,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-MAX_LOG);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const spawnError = new Promise<Error>((done) => child.once('error', done));
  const server: Server = {
    name: spec.name,
    pid: child.pid ?? -1,
    logs: () => out,
    stop: () => killGroup(child, 10_000),
  };
  const deadline = Date.now() + spec.startTimeoutMs;
  let failure: string | undefined;
  while (!failure) {
    if (child.exitCode !== null || child.signalCode !== null)
      failure = `exited (${child.exitCode ?? child.signalCode}) before it was ready`;
    else if (await Promise.race([spec.ready().catch(() => false), spawnError.then(() => false)]))
      return server;
    else if (Date.now() > deadline) failure = `not ready after ${spec.startTimeoutMs / 1000} s`;
    else await sleep(250);
  }
  const err = await Promise.race([spawnError, sleep(0).then(() => undefined)]);
  await server.stop();
  throw new Error(
    `${spec.name} ${failure}${err ? `: ${err.message}` : ''}\n--- last output of ${spec.name} ---\n${tail(out)}`,
  );
}

/** True when GET `url` answers with a status below 500 (the server is up, whatever it thinks of the request). */
export async function answers(url: string, init?: RequestInit): Promise<boolean> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(2_000), redirect: 'manual' });
    await res.arrayBuffer();
    return res.status < 500;
  } catch {
    return false;
  }
}
