import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadPlatform } from '../../src/cli/platform.ts';
import { planText } from '../../src/cli/plan-view.ts';
import { commands } from '../../src/cli/commands/index.ts';
import { main } from '../../src/cli/main.ts';
import { captureIo, ROOT, runCli } from '../helpers/cli.ts';

const examples = readdirSync(resolve(ROOT, 'examples'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

const invalidDir = resolve(ROOT, 'test/fixtures/config/invalid');
const invalid = readdirSync(invalidDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** The `# expect: <line>` comments at the top of an invalid fixture: exactly what shai must print. */
function expectedLines(file: string): string[] {
  return readFileSync(resolve(invalidDir, file), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('# expect: '))
    .map((l) => l.slice('# expect: '.length));
}

describe.concurrent('shai plan (the installed command)', { timeout: 240_000 }, () => {
  it('prints the plan of the default platform, exit 0', async () => {
    const run = await runCli(['plan']);
    const { plan } = await loadPlatform({ config: 'platform.yaml' }, { cwd: ROOT });
    expect(run).toEqual({ code: 0, stdout: planText(plan, 'platform.yaml'), stderr: '' });
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^shai plan: platform\.yaml · cluster homelab \(k3s v\S+, 2 nodes\) · domain home\.arpa$/,
    );
    // The homelab's GPU services land on the RTX 5080, which time-slicing shares four ways.
    expect(lines.find((l) => l.startsWith('ollama-gpu '))).toMatch(/^ollama-gpu +ai +gpu +1 .* \d+ slices?$/);
    expect(lines.find((l) => l.startsWith('open-webui '))).toMatch(/ ai\.home\.arpa +oidc /);
    expect(run.stdout).toMatch(/\n {2}GPU slices {3}\d+ used of 4 available\n/);
  });

  it.each(examples)('plans examples/%s, exit 0', async (file) => {
    const { cluster, domain } = parse(readFileSync(resolve(ROOT, 'examples', file), 'utf8'));
    const run = await runCli(['plan', '--config', `examples/${file}`]);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const nodes = `${cluster.nodes.length} ${cluster.nodes.length === 1 ? 'node' : 'nodes'}`;
    expect(run.stdout.split('\n')[0]).toBe(
      `shai plan: examples/${file} · cluster ${cluster.name} (k3s ${cluster.k3sVersion}, ${nodes}) · domain ${domain}`,
    );
  });

  it('--format json prints the plan as data, without build functions', async () => {
    const run = await runCli(['plan', '--format', 'json']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const data = JSON.parse(run.stdout);
    const { plan } = await loadPlatform({ config: 'platform.yaml' }, { cwd: ROOT });
    expect(data.services.map((s: { name: string }) => s.name)).toEqual(plan.services.map((s) => s.name));
    expect(data.hosts).toEqual(plan.hosts);
    expect(run.stdout).not.toContain('"build"');
  });

  it('refuses a report format, exit 2', async () => {
    expect(await runCli(['plan', '--format', 'sarif'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'shai plan prints text or json, not "sarif"\n',
    });
  });

  it('names a missing config file in one line, exit 2', async () => {
    expect(await runCli(['plan', '--config', 'no-such-platform.yaml'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'no-such-platform.yaml: no such file; run shai in the directory that holds platform.yaml, or pass --config FILE\n',
    });
  });
});

describe('shai plan on invalid platform files', () => {
  it('has the fixtures the issue asks for', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(20);
  });

  // Every fixture through the whole CLI in-process (main() with the real command registry: parsing, loading,
  // the error-to-exit-code mapping), since one subprocess per fixture costs seconds each on a shared machine.
  it.each(invalid)('%s prints exactly its expected lines, exit 2', async (file) => {
    const expected = expectedLines(file);
    expect(expected, 'the fixture states its errors').not.toEqual([]);
    const io = captureIo({ cwd: invalidDir });
    expect(await main(['plan', '--config', file], io, commands)).toBe(2);
    expect([io.out(), io.err()]).toEqual(['', `${expected.join('\n')}\n`]);
  });

  // Newcomer 3(a): the single-cpu example on a 16 GiB laptop once planned, rendered and checked clean while its
  // pods (charts included) request over 18 GiB. Plan now refuses it once, at cluster.nodes, with the bill.
  it('refuses a machine too small for the platform once, at cluster.nodes with its line, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shai-laptop-'));
    const text = readFileSync(resolve(ROOT, 'examples/single-cpu.yaml'), 'utf8');
    writeFileSync(join(dir, 'platform.yaml'), text.replace('memory: 32Gi', 'memory: 16Gi'));
    const io = captureIo({ cwd: dir });
    expect(await main(['plan'], io, commands)).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).toMatch(
      /^platform\.yaml:\d+:\d+ cluster\.nodes: the nodes cannot hold the platform: its pods request [\d.]+ GiB of memory .* the nodes offer 16\.0 GiB and 8; \d+ pods? finds? no node \(.*\)\. Add memory or a node, lower services\.<name>\.resources\.requests, or switch services off\.\n$/,
    );
  });

  // And a few through the installed command, as a user runs it from the fixture's directory.
  it.concurrent.each([
    'duplicate-keys.yaml',
    'multiple-errors-at-once.yaml',
    'unknown-service-suggests-ollama-gpu.yaml',
  ])('node bin/shai.js plan --config %s prints exactly its expected lines, exit 2', async (file) => {
    const run = await runCli(['plan', '--config', file], { cwd: invalidDir });
    expect(run).toEqual({ code: 2, stdout: '', stderr: `${expectedLines(file).join('\n')}\n` });
  });
});
