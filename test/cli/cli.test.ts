import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.ts';
import { ROOT, runCli } from '../helpers/cli.ts';

const version = (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

describe.concurrent('shai (the installed command)', { timeout: 240_000 }, () => {
  it('--help lists the global options and every registered command, exit 0', async () => {
    const { code, stdout, stderr } = await runCli(['--help']);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout.startsWith('Usage: shai [options] [command]\n')).toBe(true);
    for (const option of [
      '--config <file>',
      '--format <name>',
      '--fail-on <severity>',
      '--no-color',
      '--debug',
      '-V, --version',
    ]) {
      expect(stdout).toContain(`\n  ${option} `);
    }
    const listed = [...stdout.matchAll(/^ {2}([a-z][\w-]*)\b/gm)].map((m) => m[1]);
    expect(listed).toEqual([...commands.map((c) => c.name), 'help']);
  });

  it('<command> --help shows its own and the global options', async () => {
    const { code, stdout } = await runCli(['check', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: shai check \[options\] \[paths\.\.\.\]\n/);
    expect(stdout).toContain('\nGlobal Options:\n  --config <file>');
  });

  it('--version prints the version of package.json', async () => {
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('an unknown command is a user error: one line, exit 2', async () => {
    expect(await runCli(['frobnicate'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: unknown command 'frobnicate'\n",
    });
  });

  it('an unknown option is a user error: one line, exit 2', async () => {
    expect(await runCli(['--colour'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: unknown option '--colour'\n",
    });
  });

  it('a bad --fail-on value is a user error naming the choices', async () => {
    const { code, stderr } = await runCli(['--fail-on', 'fatal', 'check', 'x']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      "error: option '--fail-on <severity>' argument 'fatal' is invalid. Allowed choices are info, warning, error.\n",
    );
  });

  it('without a command it prints help to stderr, exit 2', async () => {
    const { code, stdout, stderr } = await runCli([]);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr.startsWith('Usage: shai [options] [command]\n')).toBe(true);
  });
});
