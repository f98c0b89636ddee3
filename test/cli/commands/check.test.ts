import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../../src/cli/commands/check.ts';
import { runCommand, type RunOptions } from '../../helpers/cli.ts';

const cwd = join(import.meta.dirname, '../../fixtures/check-cli');

const check = (args: string[], extra: Partial<RunOptions> = {}, dir = cwd) =>
  runCommand(checkCommand, args, { cwd: dir, ...extra });

describe('shai check PATH', () => {
  it('passes a clean tree with exit 0 and counts what passed', async () => {
    const { exitCode, out } = await check(['clean']);
    const report = JSON.parse(out);
    // Only rules that need nodes may be skipped without --nodes; nothing fails.
    expect(report.findings.filter((f: { status: string }) => f.status !== 'skipped')).toEqual([]);
    expect(report.counts.fail).toBe(0);
    expect(report.counts.pass).toBeGreaterThan(10);
    expect(exitCode).toBe(0);
  });

  it('exits 1 and points at file, line and JSON path when a rule fails', async () => {
    const { exitCode, out } = await check(['broken']);
    const report = JSON.parse(out);
    expect(exitCode).toBe(1);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        rule: 'secret-ref-exists',
        status: 'fail',
        target: expect.objectContaining({
          kind: 'Deployment',
          file: 'broken/secret-in-other-namespace.yaml',
          line: 18,
          jsonPath: '.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef',
        }),
        message:
          'env WEBUI_SECRET_KEY: secret "open-webui" not found in namespace ai (it exists in namespace ai-services)',
      }),
    );
  });

  it('honours --fail-on: a warning fails the run only at --fail-on warning', async () => {
    expect((await check(['warning-only'])).exitCode).toBe(0);
    const strict = await check(['warning-only'], { failOn: 'warning' });
    expect(strict.exitCode).toBe(1);
    const failed = JSON.parse(strict.out).findings.filter((f: { status: string }) => f.status === 'fail');
    expect(failed.map((f: { rule: string }) => f.rule)).toEqual(['probes-present']);
  });

  it('runs only the rules given with --rule', async () => {
    const { out } = await check(['broken'], { rule: ['no-plain-secrets'] });
    expect(JSON.parse(out).findings).toEqual([]);
  });

  it('prints text that lists failures and not passes', async () => {
    const { out } = await check(['broken'], { format: 'text' });
    expect(out).toContain('secret-ref-exists');
    expect(out).not.toMatch(/^.*PASS.*open-webui/m);
  });

  it('accepts a node inventory and refuses a missing path with a user error', async () => {
    expect((await check(['clean'], { nodes: 'nodes.yaml' })).exitCode).toBe(0);
    await expect(check(['nope'])).rejects.toThrow('nope: no such file or directory');
    await expect(check(['clean'], { nodes: 'clean/open-webui.yaml' })).rejects.toThrow('no Node objects');
  });

  it('refuses an unknown format with the list of known ones', async () => {
    await expect(check(['clean'], { format: 'xml' })).rejects.toThrow(
      /unknown format "xml"; known formats: text, json/,
    );
  });
});

describe('shai check PATH from another directory', () => {
  // A small repository whose Application paths (deploy/apps, deploy/services/web) start at its root.
  const repo = join(cwd, 'repository');
  const gitops = ['manifest-read-by-application', 'chart-version-pinned'];

  it.each([
    ['the deploy folder', join(repo, 'deploy')],
    ['the repository', repo],
  ])('judges %s as from the repository root: file names and Application paths agree', async (_, path) => {
    const { exitCode, out } = await check([path], { rule: gitops }, tmpdir());
    const report = JSON.parse(out);
    expect(report.findings).toEqual([]);
    expect(report.counts.pass).toBe(4); // 2 manifests read (root.yaml is the bootstrap), 2 Applications pinned
    expect(exitCode).toBe(0);
  });
});

describe('shai check (platform mode)', () => {
  it('checks the objects platform.yaml builds, each tied to its deploy/ file and platform.yaml key', async () => {
    const { out } = await check([], {}, join(import.meta.dirname, '../../..'));
    const report = JSON.parse(out);
    expect(report.counts.pass).toBeGreaterThan(0);
    // No rule may crash on shai's own platform; the node inventory comes from platform.yaml, so nothing
    // is skipped for want of nodes.
    expect(report.findings.filter((f: { status: string }) => f.status === 'error')).toEqual([]);
    expect(report.findings.filter((f: { target: { kind: string } }) => f.target.kind === 'Rule')).toEqual([]);
    for (const f of report.findings) expect(f.target.file).toMatch(/^deploy(\/|$)/);
  });
});
