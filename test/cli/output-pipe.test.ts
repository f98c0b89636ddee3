import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';

/**
 * Runs the built CLI in a shell pipeline whose reader takes one byte, then stops reading for a while, as
 * `shai ... | slow-consumer` does. A real pipe (not the socket pair Node gives a child) holds only 64 KiB: the CLI
 * must wait for the rest of its output to leave before it exits.
 */
function runWithSlowReader(args: string[], pause: string): Promise<{ stdout: string }> {
  return new Promise((done, fail) => {
    const cli = [process.execPath, 'bin/shai.js', ...args].map((a) => `'${a}'`).join(' ');
    const child = spawn('sh', ['-c', `${cli} | { dd bs=1 count=1 2>/dev/null; sleep ${pause}; cat; }`], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', fail);
    child.on('close', () => done({ stdout: Buffer.concat(chunks).toString('utf8') }));
  });
}

describe('output on a pipe', () => {
  it('is written whole when it is larger than the pipe buffer and the reader is slow', async () => {
    // check of the tree plus the chart recordings prints a report of well over 64 KiB as JSON.
    const run = await runWithSlowReader(['check', 'deploy', 'test/fixtures/charts', '--format', 'json'], '2');
    expect(run.stdout.length).toBeGreaterThan(128 * 1024);
    const report = JSON.parse(run.stdout) as { findings: unknown[] };
    expect(report.findings.length).toBeGreaterThan(0);
  }, 60_000);

  it('ends quietly, without an EPIPE error, when the reader goes away early', async () => {
    const child = spawn(
      'sh',
      [
        '-c',
        `"${process.execPath}" bin/shai.js check deploy test/fixtures/charts --format json | head -c 10`,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    await new Promise((r) => child.on('close', r));
    expect(stderr).toBe('');
  }, 60_000);
});
