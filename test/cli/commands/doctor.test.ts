import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { doctorCommand } from '../../../src/cli/commands/doctor.ts';
import type { GlobalOptions, Io } from '../../../src/cli/command.ts';
import { UserError } from '../../../src/errors.ts';
import { healthyPlatform } from '../../fixtures/cluster/healthy.ts';
import { startFakeApi, type FakeApi } from '../../cluster/api-server.ts';

const dumps = join(import.meta.dirname, '../../fixtures/cluster/dumps');

async function doctor(
  extra: Partial<GlobalOptions> & Record<string, unknown> = {},
  cwd = mkdtempSync(join(tmpdir(), 'shai-doctor-')),
) {
  let out = '';
  const io: Io = {
    stdout: (t) => void (out += t),
    stderr: () => {},
    isTTY: false,
    env: {},
    cwd,
    now: () => new Date('2026-11-28T12:00:00Z'),
  };
  const opts = {
    config: 'platform.yaml',
    format: 'json',
    failOn: 'error' as const,
    color: false,
    debug: false,
    ...extra,
  };
  const result = await doctorCommand.run!([], opts, io);
  return { exitCode: result.exitCode, out, cwd };
}

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('shai doctor', () => {
  it('prints a dump command that uses plain kubectl and never exports secret values', async () => {
    const { exitCode, out } = await doctor({ dumpCommand: true });
    expect(exitCode).toBe(0);
    expect(out).toContain(
      'kubectl get nodes,namespaces,pods,events,services,endpoints,configmaps,persistentvolumeclaims',
    );
    expect(out).toContain('-A -o json > cluster-dump/cluster.json');
    expect(out).toMatch(
      /kubectl get secrets -A -o go-template='.*\{\{range \$k, \$v := \$s\.data\}\}"\{\{\$k\}\}":"",\{\{end\}\}/,
    );
    expect(out).not.toMatch(/\{\{\s*\$v\s*\}\}|jq /);
    expect(out).toContain(
      'for r in applications.argoproj.io certificates.cert-manager.io ingressroutes.traefik.io volumes.longhorn.io;',
    );
  });

  it('exits 0 on the healthy platform dump with an A, and prints the scores under the text report', async () => {
    const json = await doctor({ from: [join(dumps, 'healthy-platform-passes')] });
    expect(json.exitCode).toBe(0);
    const report = JSON.parse(json.out);
    expect(report.tool).toBe('doctor');
    expect(report.findings).toEqual([]);
    expect(report.extra.scores).toMatchObject({ score: 100, grade: 'A' });
    const text = await doctor({ from: [join(dumps, 'healthy-platform-passes')], format: 'text' });
    expect(text.out).toMatch(
      /^score 100\/100 \(A\): nodes A, pods A, workloads A, storage A, gitops A, certificates A, ingress A$/m,
    );
  });

  it('exits 1 on a failure and writes VERIFICATION_REPORT.md with --format md --output', async () => {
    const { exitCode, out, cwd } = await doctor({
      from: [join(dumps, 'pod-crashloop-oomkilled-fails.json')],
      format: 'md',
      output: 'VERIFICATION_REPORT.md',
    });
    expect(exitCode).toBe(1);
    expect(out).toBe('');
    const md = readFileSync(join(cwd, 'VERIFICATION_REPORT.md'), 'utf8');
    expect(md).toContain('# Verification report');
    expect(md).toContain('killed for using more memory than its limit of 512Mi');
  });

  it('honours --fail-on: an OutOfSync-only Application is a warning', async () => {
    expect((await doctor({ from: [join(dumps, 'argocd-app-out-of-sync-fails.json')] })).exitCode).toBe(0);
    expect(
      (await doctor({ from: [join(dumps, 'argocd-app-out-of-sync-fails.json')], failOn: 'warning' }))
        .exitCode,
    ).toBe(1);
  });

  it('refuses a broken dump with a UserError', async () => {
    await expect(doctor({ from: [join(dumps, 'truncated-fails.json')] })).rejects.toBeInstanceOf(UserError);
  });

  it('reads the live cluster through --kubeconfig', async () => {
    api = await startFakeApi(healthyPlatform());
    const { exitCode, out } = await doctor({ kubeconfig: api.kubeconfig });
    expect(exitCode).toBe(0);
    expect(JSON.parse(out).subject).toBe(api.url);
  });

  it('says intent was not checked when platform.yaml exists but cannot be planned', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'shai-doctor-'));
    writeFileSync(join(cwd, 'platform.yaml'), 'apiVersion: shai.dev/v1alpha1\n');
    const { out } = await doctor({ from: [join(dumps, 'healthy-platform-passes')] }, cwd);
    const skipped = JSON.parse(out).findings.filter((f: { status: string }) => f.status === 'skipped');
    expect(skipped).toEqual([
      expect.objectContaining({
        rule: 'intent',
        message: expect.stringMatching(
          /^intent not checked: .*platform\.yaml:1:1 cluster: missing required key \(and \d+ more\)$/,
        ),
      }),
    ]);
  });

  it('compares the cluster with the plan of platform.yaml and ties findings to its keys', async () => {
    const root = join(import.meta.dirname, '../../..');
    const healthy = await doctor({ from: [join(dumps, 'healthy-platform-passes')] }, root);
    expect(JSON.parse(healthy.out).findings).toEqual([]);
    const broken = await doctor(
      { from: [join(dumps, 'healthy-platform-passes'), join(dumps, 'pod-crashloop-oomkilled-fails.json')] },
      root,
    );
    const findings = JSON.parse(broken.out).findings;
    expect(findings).toContainEqual(
      expect.objectContaining({
        rule: 'pod-crash-loop',
        service: 'kube-prometheus-stack',
        configPath: 'services.kube-prometheus-stack',
      }),
    );
  });

  it('adds the LLM explanation below the text report, marked as written by the model', async () => {
    const llm = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: 'c1',
            object: 'chat.completion',
            created: 1764316800,
            model: 'general',
            choices: [
              {
                index: 0,
                finish_reason: 'stop',
                message: { role: 'assistant', content: 'Raise the memory limit of pod-1.' },
              },
            ],
          }),
        );
      });
    });
    await new Promise<void>((r) => llm.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(llm.address() as { port: number }).port}/v1`;
    try {
      const { out } = await doctor({
        from: [join(dumps, 'pod-crashloop-oomkilled-fails.json')],
        format: 'text',
        explain: true,
        explainUrl: url,
        explainModel: 'general',
      });
      expect(out).toMatch(
        /\nLLM explanation \(written by general, may be wrong; the findings above are shai's own\):\nRaise the memory limit of prometheus-kube-prometheus-stack-prometheus-0\.\n$/,
      );
    } finally {
      await new Promise<void>((r) => llm.close(() => r()));
    }
  });

  it('refuses --explain without an endpoint to send to', async () => {
    await expect(doctor({ from: [join(dumps, 'healthy-platform-passes')], explain: true })).rejects.toThrow(
      '--explain needs --explain-url',
    );
  });
});
