import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { probeScrapeTargets } from '../../src/cluster/scrape-targets.ts';
import { ROOT } from '../helpers/cli.ts';
import { freePort } from '../helpers/ports.ts';
import { startPrometheus } from '../helpers/prometheus.ts';
import { describeWithTools } from '../helpers/tools.ts';

const answer = readFileSync(
  join(import.meta.dirname, '../fixtures/cluster/prometheus/targets-qdrant-401.json'),
  'utf8',
);
const fetchOf = (status: number, body: string) =>
  (async (url: string | URL | Request) => {
    expect(String(url)).toBe(
      'http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090/api/v1/targets?state=active',
    );
    return new Response(body, { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
const base = 'http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090';

describe('doctor --probe --in-cluster: the ServiceMonitor targets Prometheus gets 401 from', () => {
  it('names the ServiceMonitor, its endpoint and the key to set (the Qdrant scrape without its API key)', async () => {
    const findings = await probeScrapeTargets(base, { fetch: fetchOf(200, answer) });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'scrape-unauthorized',
      status: 'fail',
      target: { kind: 'ServiceMonitor', namespace: 'ai', name: 'qdrant' },
    });
    expect(findings[0]!.message).toContain(
      'http://10.42.0.31:6333/metrics: server returned HTTP status 401 Unauthorized',
    );
    expect(findings[0]!.fix).toContain('spec.endpoints[0].authorization');
  });

  it('says it could not look when Prometheus does not answer', async () => {
    const down = (async () => {
      throw new Error('connect ECONNREFUSED');
    }) as unknown as typeof fetch;
    const findings = await probeScrapeTargets(base, { fetch: down });
    expect(findings).toEqual([
      expect.objectContaining({ status: 'skipped', message: expect.stringContaining('ECONNREFUSED') }),
    ]);
  });
});

/*
 * The same against a real Prometheus (Debian's 2.42.0): it scrapes a stand-in for Qdrant's /metrics, named so,
 * that answers as Qdrant v1.18.0 does (the path is outside its API-key whitelist, src/actix/mod.rs:90-95, so
 * without `api-key` or `Authorization: Bearer <key>` it is 401). One scrape job is the rendered ServiceMonitor
 * endpoint with its authorization (the key the operator would read from the Secret it names), one the endpoint
 * as it was rendered before (no authorization). What doctor reads is Prometheus's own answer.
 */
describeWithTools(
  'doctor --probe: a real Prometheus scraping /metrics with and without the ServiceMonitor authorization',
  ['prometheus'],
  'bash .ci/tools.sh (Debian package prometheus)',
  ({ prometheus }) => {
    it('names the endpoint without credentials, and not the rendered one', async () => {
      const key = 'qdrant-api-key-0123456789';
      const metrics = createServer((req, res) => {
        const ok = req.headers['api-key'] === key || req.headers.authorization === `Bearer ${key}`;
        res.writeHead(ok ? 200 : 401, { 'content-type': 'text/plain' });
        res.end(ok ? '# TYPE app_info gauge\napp_info{version="1.18.0"} 1\n' : 'Unauthorized');
      });
      await new Promise<void>((done) => metrics.listen(0, '127.0.0.1', done));
      const target = `127.0.0.1:${(metrics.address() as AddressInfo).port}`;
      const sm = parse(
        readFileSync(join(ROOT, 'deploy/services/qdrant/servicemonitor-qdrant.yaml'), 'utf8'),
      ) as {
        spec: { endpoints: { path: string; authorization?: { type: string } }[] };
      };
      const endpoint = sm.spec.endpoints[0]!;
      expect(endpoint.authorization?.type).toBe('Bearer');
      const job = (name: string, auth: boolean) => ({
        job_name: `serviceMonitor/ai/${name}/0`,
        metrics_path: endpoint.path,
        ...(auth ? { authorization: { type: endpoint.authorization!.type, credentials: key } } : {}),
        static_configs: [{ targets: [target] }],
      });
      const work = mkdtempSync(join(tmpdir(), 'shai-prom-401-'));
      const port = await freePort();
      writeFileSync(
        join(work, 'prometheus.yml'),
        JSON.stringify({
          global: { scrape_interval: '1s' },
          scrape_configs: [job('qdrant', true), job('qdrant-before', false)],
        }),
      );
      const running = startPrometheus(prometheus!, work, port);
      try {
        const url = running.url;
        type Targets = { data: { activeTargets: { scrapePool: string; health: string }[] } };
        let health: Record<string, string> = {};
        // Both jobs scraped at least once (a target is `unknown` until then).
        for (
          let i = 0;
          i < 80 && !(health['serviceMonitor/ai/qdrant/0'] && health['serviceMonitor/ai/qdrant-before/0']);
          i++
        ) {
          await new Promise((r) => setTimeout(r, 500));
          const got = (await (
            await fetch(`${url}/api/v1/targets?state=active`).catch(() => undefined)
          )
            ?.json()
            .catch(() => undefined)) as Targets | undefined;
          health = Object.fromEntries(
            (got?.data.activeTargets ?? [])
              .filter((t) => t.health !== 'unknown')
              .map((t) => [t.scrapePool, t.health]),
          );
        }
        expect(health).toEqual({
          'serviceMonitor/ai/qdrant/0': 'up',
          'serviceMonitor/ai/qdrant-before/0': 'down',
        });
        const findings = await probeScrapeTargets(url, { fetch });
        expect(findings.map((f) => `${f.target.kind}/${f.target.namespace}/${f.target.name}`)).toEqual([
          'ServiceMonitor/ai/qdrant-before',
        ]);
        expect(findings[0]!.message).toContain('server returned HTTP status 401 Unauthorized');
        expect(findings[0]!.fix).toContain('spec.endpoints[0].authorization');
      } finally {
        await running.stop();
        metrics.close();
      }
    }, 60_000);
  },
);
