import { describe, expect, it } from 'vitest';
import type { CommandDef } from '../../src/cli/command.ts';
import { lazy, requestedCommand } from '../../src/cli/lazy.ts';
import { EXIT, main, reportError } from '../../src/cli/main.ts';
import { ConfigError, InternalError, UserError } from '../../src/errors.ts';
import { makeReport } from '../../src/report/types.ts';
import { printReport } from '../../src/cli/report.ts';
import { captureIo } from '../helpers/cli.ts';

/** A command that records the options it saw and does what the test asks. */
function probe(behaviour: () => Promise<number>, seen: Record<string, unknown>[] = []): CommandDef {
  return {
    name: 'probe',
    summary: 'a test command',
    failOn: true,
    formats: ['text', 'json'],
    configure: (cmd) => void cmd.argument('[things...]').option('--own <x>', 'an option of its own'),
    async run(args, opts) {
      seen.push({ args, ...opts });
      return { exitCode: await behaviour() };
    },
  };
}

describe('main', () => {
  it('passes global options given before or after the command, with their defaults', async () => {
    const seen: Record<string, unknown>[] = [];
    const io = captureIo();
    const code = await main(
      ['--fail-on', 'warning', 'probe', 'a', 'b', '--format', 'json', '--own', 'x', '--no-color'],
      io,
      [probe(async () => 0, seen)],
    );
    expect(code).toBe(0);
    expect(seen).toEqual([
      {
        args: ['a', 'b'],
        config: 'platform.yaml',
        format: 'json',
        failOn: 'warning',
        color: false,
        debug: false,
        own: 'x',
      },
    ]);
  });

  it('refuses a --format the command does not print, naming the command and what it prints', async () => {
    const seen: Record<string, unknown>[] = [];
    const io = captureIo();
    expect(await main(['probe', '--format', 'sarif'], io, [probe(async () => 0, seen)])).toBe(EXIT.user);
    expect(io.err()).toBe('shai probe prints text or json, not "sarif"\n');
    const group: CommandDef = {
      name: 'group',
      summary: 'g',
      subcommands: [{ ...probe(async () => 0, seen), formats: undefined }],
    };
    const sub = captureIo();
    expect(await main(['--format', 'json', 'group', 'probe'], sub, [group])).toBe(EXIT.user);
    expect(sub.err()).toBe('shai group probe prints text only, not "json"\n');
    expect(seen).toEqual([]);
  });

  it("returns the command's exit code", async () => {
    expect(await main(['probe'], captureIo(), [probe(async () => EXIT.findings)])).toBe(1);
  });

  it('turns commander usage errors into exit 2 with one line', async () => {
    for (const argv of [['--bogus'], ['probe', '--bogus'], ['nope'], ['--fail-on', 'fatal', 'probe']]) {
      const io = captureIo();
      expect(await main(argv, io, [probe(async () => 0)]), argv.join(' ')).toBe(EXIT.user);
      expect(io.err().split('\n'), argv.join(' ')).toHaveLength(2);
    }
    const io = captureIo();
    await main(['prob'], io, [probe(async () => 0)]);
    expect(io.err()).toBe("error: unknown command 'prob' (Did you mean probe?)\n");
  });

  it('prints help to stdout with exit 0, and to stderr with exit 2 when no command is given', async () => {
    const help = captureIo();
    expect(await main(['--help'], help, [probe(async () => 0)])).toBe(0);
    expect(help.out()).toMatch(/^Usage: shai \[options\] \[command\]\n/);
    const bare = captureIo();
    expect(await main([], bare, [probe(async () => 0)])).toBe(EXIT.user);
    expect(bare.err()).toBe(help.out());
  });

  it('prints a user error as it is, without a stack: exit 2', async () => {
    const io = captureIo();
    const err = new ConfigError('p.yaml', [
      { line: 3, col: 1, path: 'domain', message: 'expected a DNS name' },
      { line: 9, col: 5, path: 'cluster.nodes.0.cpu', message: 'expected a whole number ≥ 1, got "x"' },
    ]);
    expect(await main(['probe'], io, [probe(() => Promise.reject(err))])).toBe(EXIT.user);
    expect(io.err()).toBe(
      'p.yaml:3:1 domain: expected a DNS name\np.yaml:9:5 cluster.nodes.0.cpu: expected a whole number ≥ 1, got "x"\n',
    );
  });

  it('prints an internal error in one line, and its stack only with --debug: exit 3', async () => {
    const boom = () =>
      Promise.reject(new InternalError('rendered Deployment ai/x is invalid', { cause: new Error('root') }));
    const quiet = captureIo();
    expect(await main(['probe'], quiet, [probe(boom)])).toBe(EXIT.internal);
    expect(quiet.err()).toBe(
      'internal error: rendered Deployment ai/x is invalid (a bug in shai; re-run with --debug for the stack)\n',
    );
    const loud = captureIo();
    expect(await main(['--debug', 'probe'], loud, [probe(boom)])).toBe(EXIT.internal);
    expect(loud.err()).toMatch(/^InternalError: rendered Deployment ai\/x is invalid\n\s+at /);
    expect(loud.err()).toContain('caused by: Error: root');
  });

  it('reports non-Error throws as internal errors too', () => {
    const io = captureIo();
    expect(reportError('a string', false, io)).toBe(EXIT.internal);
    expect(io.err()).toBe('internal error: a string (a bug in shai; re-run with --debug for the stack)\n');
    expect(reportError(new UserError('x.yaml: no such file'), true, io)).toBe(EXIT.user);
  });
});

describe('printReport', () => {
  const finding = (severity: 'info' | 'warning' | 'error', status: 'fail' | 'skipped') => ({
    rule: 'r',
    severity,
    status,
    target: { kind: 'Pod', name: 'p' },
    message: 'm',
  });
  const opts = {
    config: 'platform.yaml',
    format: 'text',
    failOn: 'error' as const,
    color: true,
    debug: false,
  };

  it('exits 1 only for fail or error findings at or above --fail-on', () => {
    const warn = makeReport('check', 's', [finding('warning', 'fail')], []);
    expect(printReport(warn, opts, captureIo()).exitCode).toBe(0);
    expect(printReport(warn, { ...opts, failOn: 'warning' }, captureIo()).exitCode).toBe(1);
    const skipped = makeReport('check', 's', [finding('error', 'skipped')], []);
    expect(printReport(skipped, { ...opts, failOn: 'info' }, captureIo()).exitCode).toBe(0);
  });

  it('colours text only on a terminal without NO_COLOR', () => {
    const r = makeReport('check', 's', [finding('error', 'fail')], []);
    const tty = captureIo({ isTTY: true });
    printReport(r, opts, tty);
    expect(tty.out()).toContain('\x1b[');
    const noColor = captureIo({ isTTY: true, env: { NO_COLOR: '1' } });
    printReport(r, opts, noColor);
    expect(noColor.out()).not.toContain('\x1b[');
  });

  it('refuses an unknown format as a user error', () => {
    expect(() =>
      printReport(makeReport('check', 's', [], []), { ...opts, format: 'xml' }, captureIo()),
    ).toThrow(UserError);
  });
});

describe('lazy commands', () => {
  const loaded: string[] = [];
  const entry = (name: string) =>
    lazy(name, async () => {
      loaded.push(name);
      return { name, summary: `the ${name} command`, run: async () => ({ exitCode: 0 }) };
    });
  const entries = [entry('plan'), entry('check')];

  it('finds the command after global options and their values', () => {
    expect(requestedCommand(['--config', 'x.yaml', '--no-color', 'check', 'deploy/'])).toBe('check');
    expect(requestedCommand(['--format=json', 'plan'])).toBe('plan');
    expect(requestedCommand(['--debug'])).toBeUndefined();
  });

  it('loads only the command that runs, none for --version, all for help', async () => {
    loaded.length = 0;
    expect(await main(['--config', 'p.yaml', 'check'], captureIo(), entries)).toBe(0);
    expect(loaded).toEqual(['check']);
    loaded.length = 0;
    expect(await main(['--version'], captureIo(), entries)).toBe(0);
    expect(loaded).toEqual([]);
    const help = captureIo();
    expect(await main(['--help'], help, entries)).toBe(0);
    expect(loaded).toEqual(['plan', 'check']);
    expect(help.out()).toMatch(/\n {2}check +the check command\n/);
  });
});
