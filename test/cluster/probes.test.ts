import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHosts } from '../../src/cluster/probes.ts';
import type { PlannedHost } from '../../src/plan/types.ts';

let server: Server;
let base: string;
const seen: string[] = [];

beforeAll(async () => {
  // /slow-api answers after 700 ms (over the 500 ms API budget), /broken with 503, /login redirects.
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const delay = req.url === '/slow-api' ? 700 : 5;
    setTimeout(() => {
      if (req.url === '/broken') res.writeHead(503).end('no healthy upstream');
      else if (req.url === '/login') res.writeHead(302, { location: 'https://auth.home.arpa/' }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    }, delay);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const host = (
  service: string,
  kind: 'api' | 'ui',
  healthPath: string,
  auth: PlannedHost['auth'] = 'forward-auth',
): PlannedHost => ({
  service,
  host: `${service}.home.arpa`,
  url: base,
  port: 'http',
  auth,
  kind,
  healthPath,
});

describe('probing exposed hosts', () => {
  it('measures status and latency against the API and UI budgets', async () => {
    const hosts = [
      host('litellm', 'api', '/health/liveliness'),
      host('mcp-servers', 'api', '/slow-api'),
      host('open-webui', 'ui', '/slow-api', 'oidc'),
      host('n8n', 'ui', '/broken'),
      host('searxng', 'ui', '/login'),
    ];
    const { findings, results } = await probeHosts(hosts, { fetch, now: () => performance.now() });
    expect(seen).toEqual(expect.arrayContaining(['/health/liveliness', '/slow-api', '/broken', '/login']));
    const by = Object.fromEntries(findings.map((f) => [f.service, f]));
    expect(by['litellm']).toMatchObject({ status: 'pass', area: 'probes' });
    expect(by['mcp-servers']).toMatchObject({ status: 'fail', severity: 'warning' });
    expect(by['mcp-servers']!.message).toMatch(
      /answers HTTP 200 in \d+ ms, over the 500 ms budget of an API/,
    );
    // 700 ms is within a UI's 2 s budget.
    expect(by['open-webui']).toMatchObject({ status: 'pass' });
    expect(by['n8n']).toMatchObject({ status: 'fail', severity: 'error' });
    expect(by['n8n']!.message).toMatch(/answers HTTP 503/);
    expect(by['searxng']).toMatchObject({ status: 'pass' });
    expect(results.find((r) => r.service === 'mcp-servers')!.ms).toBeGreaterThanOrEqual(650);
  });

  it('reports a host that does not answer at all', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const dead: PlannedHost = {
      service: 'comfyui',
      host: 'comfy.home.arpa',
      url: `http://127.0.0.1:${port}`,
      port: 'http',
      auth: 'forward-auth',
      kind: 'ui',
      healthPath: '/',
    };
    const { findings } = await probeHosts([dead], { fetch, now: () => performance.now() });
    expect(findings[0]).toMatchObject({ status: 'fail', severity: 'error' });
    expect(findings[0]!.message).toBe(`http://127.0.0.1:${port}/ does not answer: ECONNREFUSED`);
  });
});
