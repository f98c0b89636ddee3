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
      res.setHeader('x-delay-ms', String(delay));
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

/**
 * Probes one host with a clock that reads the delay the server declares: budgets are judged the same
 * way on an idle laptop and on a loaded CI machine. The real clock is tested separately below.
 */
async function probeOne(h: PlannedHost) {
  let delay = 0;
  let calls = 0;
  const io = {
    fetch: async (url: string | URL | Request, init?: RequestInit) => {
      const res = await fetch(url, init);
      delay = Number(res.headers.get('x-delay-ms') ?? 0);
      return res;
    },
    now: () => (calls++ === 0 ? 0 : delay),
  };
  return (await probeHosts([h], io)).findings[0]!;
}

describe('probing exposed hosts', () => {
  it('judges status and latency against the API and UI budgets', async () => {
    expect(await probeOne(host('litellm', 'api', '/health/liveliness'))).toMatchObject({
      status: 'pass',
      area: 'probes',
    });
    const slowApi = await probeOne(host('mcp-servers', 'api', '/slow-api'));
    expect(slowApi).toMatchObject({ status: 'fail', severity: 'warning' });
    expect(slowApi.message).toBe(
      `${base}/slow-api answers HTTP 200 in 700 ms, over the 500 ms budget of an API`,
    );
    // 700 ms is within a UI's 2 s budget.
    expect(await probeOne(host('open-webui', 'ui', '/slow-api', 'oidc'))).toMatchObject({ status: 'pass' });
    const broken = await probeOne(host('n8n', 'ui', '/broken'));
    expect(broken).toMatchObject({ status: 'fail', severity: 'error' });
    expect(broken.message).toMatch(/answers HTTP 503/);
    // A forward-auth host redirects to the login page: Traefik and the route work.
    expect(await probeOne(host('searxng', 'ui', '/login'))).toMatchObject({ status: 'pass' });
    expect(seen).toEqual(expect.arrayContaining(['/health/liveliness', '/slow-api', '/broken', '/login']));
  });

  it('measures latency with the clock it is given', async () => {
    const hosts = [host('litellm', 'api', '/health/liveliness'), host('mcp-servers', 'api', '/slow-api')];
    const { results } = await probeHosts(hosts, { fetch, now: () => performance.now() });
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results[1]!.ms).toBeGreaterThanOrEqual(650);
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
