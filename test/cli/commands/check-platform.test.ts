/** One truth for "is my platform ready": `shai check` and `shai check deploy` judge the same tree the same way. */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCommand } from '../../../src/cli/commands/check.ts';
import { renderCommand } from '../../../src/cli/commands/render.ts';
import type { CommandDef } from '../../../src/cli/command.ts';
import { runCommand, type RunOptions } from '../../helpers/cli.ts';
import { KYVERNO_SKIPPED_NAMESPACES } from '../../../src/semantics/exceptions.ts';

const root = join(import.meta.dirname, '../../..');

const run = (cmd: CommandDef, args: string[], cwd: string, extra: Partial<RunOptions> = {}) =>
  runCommand(cmd, args, { cwd, ...extra });

interface F {
  rule: string;
  status: string;
  severity: string;
  message: string;
}
const findings = (out: string): F[] => JSON.parse(out).findings;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('shai check on the default platform', () => {
  it('gives the same report with no path and with deploy, the tree Argo CD syncs', async () => {
    const none = await run(checkCommand, [], root);
    const deploy = await run(checkCommand, ['deploy'], root);
    const slash = await run(checkCommand, ['./deploy/'], root);
    expect(deploy.out).toBe(none.out);
    expect(slash.out).toBe(none.out);
    expect(deploy.exitCode).toBe(none.exitCode);
  }, 180_000);

  it('reports the secrets that are not sealed yet once, naming them, and none of their references', async () => {
    const { exitCode, out } = await run(checkCommand, ['deploy'], root);
    const fs = findings(out);
    const sealed = fs.filter((f) => f.rule === 'secrets-sealed');
    expect(sealed).toHaveLength(1);
    expect(sealed[0]).toMatchObject({ status: 'fail', severity: 'warning' });
    expect(sealed[0]!.message).toMatch(
      /^the tree is not deployable yet: \d+ secrets the platform needs are not sealed in deploy: .*ai\/litellm-db, /,
    );
    // The newcomer saw 31 failed and 4 skipped secret-ref-exists here: one per consumer of a secret not sealed yet.
    expect(fs.filter((f) => f.rule === 'secret-ref-exists')).toEqual([]);
    expect(exitCode).toBe(0);
  });

  it('judges the tree with chart output beside it as the tree alone: one secrets-sealed warning, the nodes of platform.yaml', async () => {
    const { exitCode, out } = await run(checkCommand, ['deploy', 'test/fixtures/charts'], root);
    const report = JSON.parse(out) as {
      subject: string;
      findings: (F & { target: { file?: string; name?: string } })[];
    };
    expect(report.subject).toBe('deploy (the tree of platform.yaml) test/fixtures/charts');
    const fs = report.findings;
    expect(fs.filter((f) => f.rule === 'secrets-sealed').map((f) => [f.status, f.severity])).toEqual([
      ['fail', 'warning'],
    ]);
    // Read as plain paths, the unsealed secrets were 36 secret-ref-exists errors, and no node was known.
    expect(fs.filter((f) => f.rule === 'secret-ref-exists' && f.status === 'fail')).toEqual([]);
    expect(fs.filter((f) => ['pod-schedulable', 'model-fits-gpu'].includes(f.rule))).toEqual([]);
    expect(fs.filter((f) => f.status === 'fail' && f.severity === 'error')).toEqual([]);
    expect(fs.some((f) => f.target.file?.startsWith('test/fixtures/charts/'))).toBe(true);
    // Every error rule that does not judge an object says why, in words real Kyverno (the table test of
    // test/check/kyverno.test.ts) or Argo CD confirms, or as an acceptance written down with its reason.
    const reasons = [
      /^(stand-in for .*?: )?excepted \(PolicyException [\w.-]+\): /,
      ...Object.values(KYVERNO_SKIPPED_NAMESPACES).map((m) => new RegExp(`^${escape(m)}$`)),
      /^helm\.sh\/hook: test: never applied by Argo CD /,
      /^accepted for the velero chart: /,
      /^suppressed \(/,
    ];
    const unexplained = fs.filter(
      (f) => f.status === 'skipped' && f.severity === 'error' && !reasons.some((r) => r.test(f.message)),
    );
    expect(unexplained.map((f) => `${f.rule} ${f.target.name}: ${f.message}`)).toEqual([]);
    expect(exitCode).toBe(0);
    // The same report from another directory: files are named from platform.yaml's directory.
    const elsewhere = await run(checkCommand, ['../deploy', 'fixtures/charts'], join(root, 'test'), {
      config: '../platform.yaml',
    });
    expect(JSON.parse(elsewhere.out).findings).toEqual(fs);
  }, 300_000);

  it('reads a PATH inside the tree once: the same findings as the tree alone', async () => {
    const tree = await run(checkCommand, ['deploy'], root);
    const inside = await run(checkCommand, ['deploy', 'deploy/services/litellm'], root);
    expect(findings(inside.out)).toEqual(findings(tree.out));
    expect(inside.exitCode).toBe(tree.exitCode);
  }, 180_000);

  it('says in text that warnings are warnings, and ends with the next step', async () => {
    const { out } = await run(checkCommand, [], root, { format: 'text' });
    expect(out).not.toContain('FAIL: the platform is wrong');
    expect(out).toMatch(/^WARNINGS: worth fixing \(\d+\)$/m);
    expect(out).toMatch(
      /\nnext: the secrets\. Run shai secrets generate, then shai secrets seal .*then shai render, and commit deploy\/\..*\n$/,
    );
  });
});

describe('shai check on a platform of its own', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shai-check-platform-'));
    copyFileSync(join(root, 'examples/single-cpu.yaml'), join(dir, 'platform.yaml'));
    expect((await run(renderCommand, [], dir, { format: 'text' })).exitCode).toBe(0);
  }, 120_000);

  it('drops a secret from the list once its SealedSecret is in the tree and the tree is rendered again', async () => {
    const before = findings((await run(checkCommand, [], dir)).out).find((f) => f.rule === 'secrets-sealed')!;
    expect(before.message).toContain('ai/litellm,');
    writeFileSync(
      join(dir, 'deploy/services/litellm/sealedsecret-litellm.yaml'),
      [
        'apiVersion: bitnami.com/v1alpha1',
        'kind: SealedSecret',
        'metadata:',
        '  name: litellm',
        '  namespace: ai',
        'spec:',
        '  encryptedData:',
        '    master-key: AgBy3i4OJSWK+PiTySYZZA==',
        '    salt-key: AgBy3i4OJSWK+PiTySYZZA==',
        '  template:',
        '    metadata:',
        '      name: litellm',
        '      namespace: ai',
        '',
      ].join('\n'),
    );
    // Sealing changes the consumers' checksum annotation: until render runs again the tree is stale.
    const stale = await run(checkCommand, ['deploy'], dir, { format: 'text' });
    expect(stale.exitCode).toBe(1);
    expect(stale.out).toMatch(/tree-up-to-date +Tree deploy +deploy is not the render of platform\.yaml: /);
    expect(stale.out).toMatch(/\nnext: shai render, then shai check again\.\n$/);
    expect((await run(renderCommand, [], dir, { format: 'text' })).exitCode).toBe(0);
    const after = await run(checkCommand, [], dir);
    const sealed = findings(after.out).find((f) => f.rule === 'secrets-sealed')!;
    expect(sealed.message).not.toContain('ai/litellm,');
    expect(findings(after.out).filter((f) => f.rule === 'tree-up-to-date')).toEqual([]);
  }, 120_000);

  it('judges the files on disk: an edit to deploy/ is judged and reported as stale, both ways alike', async () => {
    const file = join(dir, 'deploy/services/litellm/deployment-litellm.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/image: (\S+):[^\s]+/, 'image: $1:latest'));
    const none = await run(checkCommand, [], dir);
    const deploy = await run(checkCommand, ['deploy'], dir);
    expect(deploy.out).toBe(none.out);
    expect(none.exitCode).toBe(1);
    const rules = findings(none.out)
      .filter((f) => f.status === 'fail' && f.severity === 'error')
      .map((f) => f.rule);
    expect(rules).toContain('tree-up-to-date');
    expect(rules).toContain('image-pinned');
    writeFileSync(file, text);
  }, 120_000);
});
