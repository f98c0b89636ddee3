import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeTargets, runDoctor } from '../../src/cluster/doctor.ts';
import type { Plan, PlannedHost } from '../../src/plan/types.ts';
import { defaultPlan } from './fake-plan.ts';

const dumps = join(import.meta.dirname, '../fixtures/cluster/dumps');
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(200).end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function planWithHost(): Promise<Plan> {
  const host: PlannedHost = {
    service: 'litellm',
    host: 'llm.home.arpa',
    url: 'https://llm.home.arpa',
    port: 'http',
    auth: 'forward-auth',
    kind: 'api',
    healthPath: '/health/liveliness',
  };
  const plan = await defaultPlan();
  plan.hosts = [host];
  const litellm = plan.services.find((s) => s.name === 'litellm')!;
  (litellm as { urls: Record<string, string> }).urls = { http: base };
  return plan;
}

function tick(): () => number {
  let t = 0;
  return () => (t += 5);
}

describe('runDoctor', () => {
  it('probes the public URL from outside and the Service URL from inside the cluster', async () => {
    const plan = await planWithHost();
    expect(probeTargets(plan, false).map((h) => h.url)).toEqual(['https://llm.home.arpa']);
    expect(probeTargets(plan, true).map((h) => h.url)).toEqual([base]);
  });

  it('adds probe findings, results and a probes score to the report', async () => {
    const report = await runDoctor(
      {
        from: [join(dumps, 'healthy-platform-passes')],
        plan: await planWithHost(),
        probe: true,
        inCluster: true,
      },
      // A clock that ticks 5 ms per reading: the budget check does not depend on the machine's load.
      { fetch, now: tick() },
    );
    // Prometheus's targets and alerts are read in-cluster too; there is none here, so both probes say they could not
    // look.
    expect(report.findings.filter((f) => f.rule === 'scrape-unauthorized')).toEqual([
      expect.objectContaining({ status: 'skipped' }),
    ]);
    expect(report.findings.filter((f) => f.rule === 'prometheus-alerts')).toEqual([
      expect.objectContaining({ status: 'skipped' }),
    ]);
    expect(report.findings.filter((f) => f.area === 'probes' && f.rule === 'probe')).toEqual([
      expect.objectContaining({
        rule: 'probe',
        status: 'pass',
        service: 'litellm',
        message: expect.stringMatching(
          /^http:\/\/127\.0\.0\.1:\d+\/health\/liveliness answers HTTP 200 in \d+ ms \(budget 500 ms\)$/,
        ),
      }),
    ]);
    expect(report.extra!.probes).toEqual([expect.objectContaining({ service: 'litellm', status: 200 })]);
    expect(
      (report.extra!.scores as { areas: { area: string; grade?: string }[] }).areas.find(
        (a) => a.area === 'probes',
      ),
      // The Prometheus probes (targets, alerts) and the workflow probes (no ComfyUI here, no n8n API key) could not
      // run, so the area is not graded as if they had.
    ).toMatchObject({
      coverage: expect.objectContaining({
        notRun: ['comfyui-queue-stuck', 'n8n-failed-executions', 'prometheus-alerts', 'scrape-unauthorized'],
      }),
    });
  });

  it('skips probes when there is no plan to take the hosts from', async () => {
    const report = await runDoctor(
      { from: [join(dumps, 'healthy-platform-passes')], probe: true },
      { fetch, now: () => 0 },
    );
    expect(report.findings).toEqual([expect.objectContaining({ rule: 'probe', status: 'skipped' })]);
  });
});
