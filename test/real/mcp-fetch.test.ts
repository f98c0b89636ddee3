/*
 * The page-reading MCP server as rendered (Deployment ai/mcp-fetch): the real mcp-searxng 2.0.0 from npm (the
 * package the pinned image isokoliuk/mcp-searxng:2.0.0 builds from at the same tag; `.ci/tools.d/55-mcp-searxng.sh`)
 * started with the rendered environment, driven by the MCP SDK's own client over streamable HTTP. Changed from
 * the rendered tree, and only that: the in-cluster hostname → a loopback address (in MCP_HTTP_ALLOWED_HOSTS too),
 * and MCP_HTTP_HOST (0.0.0.0 in the pod) → that address. No request leaves the machine: the private URL it is
 * asked to read is a server of this test on loopback, which must never be called.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';
import { describeWithTools, findTool } from '../helpers/tools.ts';
import { renderedContainer } from './harness/container.ts';
import { LoopbackHosts } from './harness/loopback.ts';
import { answers, type Server, startServer } from './harness/process.ts';
import { renderedPlatform, type RenderedPlatform } from './harness/rendered.ts';

const HOST = 'mcp-fetch.ai.svc.cluster.local';

describe('the mcp-searxng tools pin', () => {
  it('follows the image the platform pins (re-pin .ci/tools.d/55-mcp-searxng.sh when the image moves)', async () => {
    const script = readFileSync(resolve(ROOT, '.ci/tools.d/55-mcp-searxng.sh'), 'utf8');
    const { IMAGES } = await import('../../src/services/versions.ts');
    expect(IMAGES.mcpSearxng.split(':')[1]).toBe(script.match(/^MCP_SEARXNG_VERSION=(\S+)/m)?.[1]);
  });
});

describeWithTools(
  'mcp-fetch: the real mcp-searxng 2.0.0 with the rendered environment',
  ['mcp-searxng'],
  'bash .ci/tools.sh',
  () => {
    let r: RenderedPlatform;
    let server: Server;
    let url: string;
    let token: string;
    let privateSite: HttpServer;
    let privateHits = 0;
    let privateUrl: string;

    beforeAll(async () => {
      r = await renderedPlatform();
      const container = renderedContainer(r, 'Deployment', 'ai', 'mcp-fetch');
      const hosts = new LoopbackHosts();
      const port = Number(container.env.MCP_HTTP_PORT);
      const address = await hosts.add(HOST, [port]);
      const env: Record<string, string> = { ...hosts.rewriteEnv(container.env), MCP_HTTP_HOST: address };
      token = env.MCP_HTTP_AUTH_TOKEN!;
      url = `http://${address}:${port}/mcp`;
      server = await startServer({
        name: 'mcp-searxng (ai/mcp-fetch)',
        command: findTool('mcp-searxng')!,
        args: [],
        env: { PATH: process.env.PATH, ...env },
        ready: () => answers(`http://${address}:${port}/health`),
        startTimeoutMs: 60_000,
      });
      // A site on a private address (loopback): the server must refuse to read it, so this counts zero calls.
      privateSite = createServer((_req, res) => {
        privateHits++;
        res.end('<h1>internal</h1>');
      });
      await new Promise<void>((done) => privateSite.listen(0, '127.0.0.1', done));
      privateUrl = `http://127.0.0.1:${(privateSite.address() as { port: number }).port}/`;
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
      await new Promise((done) => privateSite?.close(done));
    });

    const connect = async (bearer?: string) => {
      const client = new Client({ name: 'shai-test', version: '0' });
      const headers: Record<string, string> = bearer ? { authorization: `Bearer ${bearer}` } : {};
      await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
      return client;
    };

    it("registers the tool the plan offers from it (clients filter the image's search tools out)", async () => {
      const client = await connect(token);
      const names = (await client.listTools()).tools.map((t) => t.name);
      await client.close();
      const offered = r.plan.toolServers.find((t) => t.service === 'mcp-fetch')!;
      expect(names.sort()).toEqual([...offered.registered].sort());
      expect(names).toEqual(expect.arrayContaining([...offered.tools]));
    });

    it('refuses a client without the rendered token, or with another', async () => {
      await expect(connect()).rejects.toThrow(/Unauthorized: missing or invalid HTTP auth token/);
      await expect(connect('0'.repeat(64))).rejects.toThrow(
        /Unauthorized: missing or invalid HTTP auth token/,
      );
    });

    it('refuses to read a private address, without calling it (its own guard, beside the egress policy)', async () => {
      const client = await connect(token);
      const read = client.callTool({ name: 'web_url_read', arguments: { url: privateUrl } });
      await expect(read).rejects.toThrow(/URL blocked by security policy/);
      await client.close();
      expect(privateHits).toBe(0);
    });
  },
);

describeWithTools(
  'mcp-servers: the real mcp-searxng 2.0.0 with the rendered environment',
  ['mcp-searxng'],
  'bash .ci/tools.sh',
  () => {
    it('starts in hardened mode (it refuses to without an Origin allowlist) and lists the search tools the plan offers', async () => {
      const r = await renderedPlatform();
      const container = renderedContainer(r, 'Deployment', 'ai', 'mcp-servers');
      const hosts = new LoopbackHosts();
      const port = Number(container.env.MCP_HTTP_PORT);
      // SearXNG's host gets an address too (nothing listens there: listing tools does not call it).
      for (const h of ['mcp-servers.ai.svc.cluster.local', 'searxng.ai.svc.cluster.local'])
        await hosts.add(h, [port, 8080]);
      const address = hosts.hosts.get('mcp-servers.ai.svc.cluster.local')!;
      const env: Record<string, string> = { ...hosts.rewriteEnv(container.env), MCP_HTTP_HOST: address };
      const server = await startServer({
        name: 'mcp-searxng (ai/mcp-servers)',
        command: findTool('mcp-searxng')!,
        args: [],
        env: { PATH: process.env.PATH, ...env },
        ready: () => answers(`http://${address}:${port}/health`),
        startTimeoutMs: 60_000,
      });
      try {
        const client = new Client({ name: 'shai-test', version: '0' });
        await client.connect(
          new StreamableHTTPClientTransport(new URL(`http://${address}:${port}/mcp`), {
            requestInit: { headers: { authorization: `Bearer ${env.MCP_HTTP_AUTH_TOKEN}` } },
          }),
        );
        const names = (await client.listTools()).tools.map((t) => t.name);
        await client.close();
        const offered = r.plan.toolServers.find((t) => t.service === 'mcp-servers')!;
        expect(names).toEqual(expect.arrayContaining([...offered.tools]));
        expect(names.sort()).toEqual([...offered.registered].sort());
      } finally {
        await server.stop();
      }
    }, 120_000);
  },
);
