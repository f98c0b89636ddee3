import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALERTS_RULE, alertTarget } from '../../src/cluster/prometheus/alerts.ts';
import { probePrometheus } from '../../src/cluster/prometheus/probe.ts';
import { TARGETS_RULE } from '../../src/cluster/prometheus/targets.ts';
import type { Finding } from '../../src/report/types.ts';
import { freePort } from '../helpers/ports.ts';
import { startPrometheus } from '../helpers/prometheus.ts';
import { describeWithTools } from '../helpers/tools.ts';

const DIR = resolve(import.meta.dirname, '../fixtures/prometheus');
const recorded = (name: string) => JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8'));

/** A fetch that answers the two API paths with the recorded answers of Prometheus 2.42.0. */
const recordedFetch = (async (url: string) => {
  const name = String(url).includes('/api/v1/alerts') ? 'alerts' : 'targets';
  return new Response(JSON.stringify(recorded(name).answer), { status: 200 });
}) as typeof fetch;

// What doctor's analyzers found before the probe: the LiteLLM pod that crashes.
const litellmPod: Finding = {
  rule: 'pod-crash-loop',
  severity: 'error',
  status: 'fail',
  area: 'pods',
  target: { kind: 'Pod', namespace: 'ai', name: 'litellm-6b7f9d8c5-q4w2e' },
  message: 'container "litellm" is crash-looping (12 restarts)',
};

function expectJoined(out: Finding[]) {
  // The firing ServiceUnavailable (deployment ai/litellm) is evidence on the LiteLLM pod's finding, not a new one.
  expect(out.find((f) => f.rule === 'pod-crash-loop')!.message).toMatch(
    /Prometheus agrees: ServiceUnavailable firing since .*: LiteLLM has no ready pod/,
  );
  const alerts = out.filter((f) => f.rule === ALERTS_RULE);
  // The crash-looping Open WebUI pod no analyzer reported becomes a finding of its own; the pending alert does not.
  expect(alerts.map((f) => `${f.target.kind}/${f.target.namespace}/${f.target.name} ${f.severity}`)).toEqual([
    'Pod/ai/open-webui-5d8f7c9b4-x2kqz warning',
  ]);
  expect(alerts[0]!.fix).toContain('docs/runbooks/PodCrashLooping.md');
  // The scrape pool on a closed port: a finding on the ServiceMonitor the operator named it after.
  const down = out.filter((f) => f.rule === TARGETS_RULE);
  expect(down.map((f) => `${f.target.kind}/${f.target.namespace}/${f.target.name}`)).toEqual([
    'ServiceMonitor/ai/qdrant',
  ]);
  expect(down[0]!.message).toMatch(/connection refused/);
}

describe('shai doctor --probe reading Prometheus (answers recorded from Prometheus 2.42.0)', () => {
  it('the recordings are of the inputs in this folder (record them again when they change)', () => {
    const inputs = createHash('sha256')
      .update(readFileSync(join(DIR, 'prometheus.yml')))
      .update(readFileSync(join(DIR, 'rules.yaml')))
      .digest('hex');
    for (const name of ['alerts', 'targets'])
      expect(recorded(name).recorded['inputs-sha256'], name).toBe(inputs);
  });

  it('joins firing alerts to the findings they back, and reports the others and the down targets', async () => {
    expectJoined(await probePrometheus([litellmPod], 'http://prometheus:9090', { fetch: recordedFetch }));
  });

  it('says it could not read Prometheus (behind forward-auth: a 302) and keeps the findings', async () => {
    const redirect = (async () =>
      new Response('', { status: 302, headers: { location: '/oauth2/start' } })) as typeof fetch;
    const out = await probePrometheus([litellmPod], 'https://prometheus.home.arpa', { fetch: redirect });
    expect(out[0]).toEqual(litellmPod);
    expect(out[1]!.status).toBe('skipped');
    expect(out[1]!.message).toContain('HTTP 302');
    expect(out[1]!.fix).toContain('kubectl port-forward');
  });

  it('reads the object an alert names from its labels', () => {
    expect(alertTarget({ alertname: 'PostgresDown', namespace: 'ai', cluster: 'litellm-db' })).toEqual({
      kind: 'Cluster',
      namespace: 'ai',
      name: 'litellm-db',
    });
    expect(alertTarget({ alertname: 'ArgoCdAppOutOfSync', name: 'litellm', project: 'ai' })).toEqual({
      kind: 'Application',
      namespace: 'argocd',
      name: 'litellm',
    });
    expect(
      alertTarget({ alertname: 'GpuVramAboveBudget', node: 'akula-prime', Hostname: 'akula-prime' }),
    ).toEqual({ kind: 'Node', name: 'akula-prime' });
    expect(alertTarget({ alertname: 'LitellmErrorBudgetBurn', service: 'litellm' })).toEqual({
      kind: 'Service',
      name: 'litellm',
    });
  });
});

describeWithTools(
  'shai doctor --probe against a real Prometheus',
  ['prometheus'],
  'bash .ci/tools.sh (Debian package prometheus)',
  ({ prometheus }) => {
    it('reads the alerts and targets of a Prometheus started with the recorded inputs', async () => {
      const port = await freePort();
      // The recorded inputs, with Prometheus's scrape of itself on the port it listens on here (else that job is down).
      const work = mkdtempSync(join(tmpdir(), 'shai-prom-'));
      const config = readFileSync(join(DIR, 'prometheus.yml'), 'utf8').replace(
        '127.0.0.1:19090',
        `127.0.0.1:${port}`,
      );
      writeFileSync(join(work, 'prometheus.yml'), config);
      copyFileSync(join(DIR, 'rules.yaml'), join(work, 'rules.yaml'));
      const running = startPrometheus(prometheus!, work, port);
      try {
        const base = running.url;
        let out: Finding[] = [];
        // Rules are evaluated every second: wait until both firing alerts and the down target are there.
        for (let i = 0; i < 60; i++) {
          await new Promise((r) => setTimeout(r, 500));
          out = await probePrometheus([litellmPod], base, { fetch });
          if (
            out.some((f) => f.rule === TARGETS_RULE) &&
            out.some((f) => f.rule === ALERTS_RULE) &&
            /agrees/.test(out[0]!.message)
          )
            break;
        }
        expectJoined(out);
      } finally {
        await running.stop();
      }
    }, 60_000);
  },
);
