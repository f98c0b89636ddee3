import type { Io } from './command.ts';

/** The real edges: process streams, environment, working directory and clock. Only bin.ts calls this. */
export function nodeIo(): Io {
  // A reader that goes away (`shai ... | head`) is not an error of shai: stop writing, exit as planned.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
  };
}

/**
 * Resolves once everything written to stdout and stderr has left the process. Writes to a pipe are
 * asynchronous: an empty write's callback runs after every write queued before it.
 */
export function flushed(): Promise<void> {
  const drain = (stream: NodeJS.WriteStream): Promise<void> =>
    new Promise((resolve) => {
      if (stream.destroyed || !stream.writable) return resolve();
      stream.write('', () => resolve());
    });
  return Promise.all([drain(process.stdout), drain(process.stderr)]).then(() => undefined);
}
