import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { doctorCommand, EXIT_UNKNOWN } from '../../../src/cli/commands/doctor.ts';
import { KINDS, SECRET_KIND } from '../../../src/cluster/kinds.ts';
import { runCommand, type RunOptions } from '../../helpers/cli.ts';
import { UserError } from '../../../src/errors.ts';
import { healthyPlatform } from '../../fixtures/cluster/healthy.ts';
import { startFakeApi, type FakeApi } from '../../cluster/api-server.ts';

const dumps = join(import.meta.dirname, '../../fixtures/cluster/dumps');

const NOW = new Date('2026-11-28T12:00:00Z');

async function doctor(extra: Partial<RunOptions> = {}, cwd = mkdtempSync(join(tmpdir(), 'shai-doctor-'))) {
  return { ...(await runCommand(doctorCommand, [], { cwd, now: NOW, ...extra })), cwd };
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
      'for r in applications.argoproj.io certificates.cert-manager.io ingressroutes.traefik.io volumes.longhorn.io backups.velero.io schedules.velero.io backups.postgresql.cnpg.io scheduledbackups.postgresql.cnpg.io;',
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
    const from = [join(dumps, 'healthy-platform-passes'), join(dumps, 'argocd-app-out-of-sync-fails.json')];
    expect((await doctor({ from })).exitCode).toBe(0);
    expect((await doctor({ from, failOn: 'warning' })).exitCode).toBe(1);
  });

  it('exits 4, with no score, when a warning-only dump lacks the kinds an area needs (no Certificates, no backups)', async () => {
    const { exitCode, out } = await doctor({
      from: [join(dumps, 'argocd-app-out-of-sync-fails.json')],
      format: 'text',
    });
    expect(exitCode).toBe(EXIT_UNKNOWN);
    expect(out).toMatch(
      /^score unknown: shai could not read enough of storage, certificates to judge them \(exit code 4\); judged: nodes A, /m,
    );
    expect(out).toContain('  certificates: only 0 of 1 analyzers could run (not run: certificate-ready)');
    // The dump has no backup objects either: doctor cannot say whether backups work.
    expect(out).toContain(
      '  storage: only 2 of 7 analyzers could run (not run: longhorn-volume, velero-backup-failed, velero-backup-stale, cnpg-backup-failed, cnpg-backup-stale)',
    );
    expect(out).not.toMatch(/^score \d+/m);
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

  it('L5: refuses an API that answers 401 to everything: not authenticated, exit 2, no "grant"', async () => {
    api = await startFakeApi(healthyPlatform(), { unauthorized: true });
    const err = await doctor({ kubeconfig: api.kubeconfig }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(
      /not authenticated \(HTTP 401\).*Check the kubeconfig credentials/,
    );
    expect((err as Error).message).not.toMatch(/grant/i);
  });

  it('L6: never scores an API that answers 403 to everything: unknown, exit 4, the grants named', async () => {
    const kinds = [...KINDS, SECRET_KIND].map((k) => k.kind);
    api = await startFakeApi(healthyPlatform(), { deny: kinds });
    const { exitCode, out } = await doctor({ kubeconfig: api.kubeconfig, format: 'text' });
    expect(exitCode).toBe(EXIT_UNKNOWN);
    expect(out).not.toMatch(/\(A\)|100\/100/);
    expect(out).toMatch(
      /^score unknown: shai could not read enough of nodes, pods, workloads, storage, gitops, certificates, ingress to judge them \(exit code 4\)$/m,
    );
    expect(out).toMatch(
      /^ {2}cluster-read +Resource pods +could not read Pod: forbidden \(HTTP 403\): user system:serviceaccount:default:doctor may not list pods in every namespace$/m,
    );
    expect(out).toContain('check with: kubectl auth can-i list pods --all-namespaces');
    const json = JSON.parse((await doctor({ kubeconfig: api.kubeconfig })).out);
    expect(json.extra.scores.grade).toBeUndefined();
    expect(json.counts.pass).toBe(0);
  });

  it('partial 403: the areas that need pods and events are unknown, the others graded, exit 4', async () => {
    api = await startFakeApi(healthyPlatform(), { deny: ['Pod', 'Event'] });
    const { exitCode, out } = await doctor({ kubeconfig: api.kubeconfig, format: 'text' });
    expect(exitCode).toBe(EXIT_UNKNOWN);
    expect(out).toMatch(/^score unknown: shai could not read enough of pods, workloads to judge them/m);
    expect(out).toContain('  pods: only 0 of 7 analyzers could run');
    expect(out).toMatch(
      /judged: nodes A \(1 of 2 analyzers ran\), storage A \(6 of 7 analyzers ran\), gitops A, certificates A, ingress A$/m,
    );
  });

  it('L7: refuses a URL that answers 404 to everything: not a Kubernetes API server, exit 2', async () => {
    api = await startFakeApi(healthyPlatform(), { notAnApi: true });
    await expect(doctor({ kubeconfig: api.kubeconfig })).rejects.toThrow(
      /this URL is not a Kubernetes API server/,
    );
  });

  it('D19: refuses an empty dump instead of grading it A', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'shai-doctor-'));
    writeFileSync(join(cwd, 'empty.json'), '{"apiVersion":"v1","kind":"List","items":[]}');
    await expect(doctor({ from: [join(cwd, 'empty.json')] }, cwd)).rejects.toThrow(
      /the dump holds no objects/,
    );
  });

  it('lists root causes before the intent findings they explain, and counts what passed', async () => {
    const root = join(import.meta.dirname, '../../..');
    const { out } = await doctor(
      { from: [join(dumps, 'pod-crashloop-oomkilled-fails.json')], format: 'text' },
      root,
    );
    const lines = out.split('\n');
    const crash = lines.findIndex((l) => l.includes('pod-crash-loop'));
    const intent = lines.findIndex((l) => /^ {2}error {2}intent /.test(l));
    expect(crash).toBeGreaterThan(0);
    expect(intent).toBeGreaterThan(crash);
    expect(out).toMatch(/^[1-9]\d* passed, \d+ failed, 0 errors, \d+ skipped$/m);
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

  it('L8: prints the whole report when the --explain endpoint is down, then says the explanation failed', async () => {
    const { exitCode, out, err } = await doctor({
      format: 'text',
      from: [join(dumps, 'pod-crashloop-oomkilled-fails.json')],
      explain: true,
      explainUrl: 'http://127.0.0.1:1/v1',
      explainModel: 'general',
    });
    expect(exitCode).toBe(1);
    expect(out).toContain('killed for using more memory than its limit of 512Mi');
    expect(out).toMatch(
      /\nLLM explanation: not available \(--explain: http:\/\/127\.0\.0\.1:1\/v1 did not answer: .+\)\n$/,
    );
    expect(err).toMatch(/did not answer: .*\(the report is complete without the explanation\)\n$/);
  });

  it('refuses --explain without an endpoint to send to', async () => {
    await expect(doctor({ from: [join(dumps, 'healthy-platform-passes')], explain: true })).rejects.toThrow(
      '--explain needs --explain-url',
    );
  });
});
