import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeScrapeTargets } from '../../src/cluster/scrape-targets.ts';

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
