/*
 * LiteLLM's MCP gateway with the rendered `mcp_servers:` block: the real LiteLLM proxy (PyPI 1.104.2, the pinned
 * image's version) started by harness/litellm.ts from the rendered config.yaml and environment, and a NAMED
 * STAND-IN of ai/mcp-servers at the loopback address the harness gives that host: `shai mcp --http`, a real MCP
 * server over streamable HTTP that refuses a request without the rendered bearer token (the SearXNG MCP image
 * itself cannot run here). So this proves what LiteLLM does with the rendered block (loads it, resolves the
 * token from the environment, sends it, lists the server's tools through its gateway), not mcp-searxng's tools.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';
import { describeWithTools } from '../helpers/tools.ts';
import { type LitellmRun, startLitellm } from './harness/litellm.ts';
import { answers, type Server, startServer } from './harness/process.ts';
import { renderedPlatform } from './harness/rendered.ts';

const TOOLS = ['litellm', 'initdb', 'postgres', 'psql', 'redis-server', 'redis-cli'];
const MCP_HOST = 'mcp-servers.ai.svc.cluster.local';

describeWithTools(
  "LiteLLM's MCP gateway (PyPI) with the rendered mcp_servers and a stand-in of ai/mcp-servers (shai mcp)",
  TOOLS,
  'bash .ci/tools.sh',
  () => {
    let run: LitellmRun;
    let standIn: Server;
    let token: string;
    beforeAll(async () => {
      const r = await renderedPlatform();
      run = await startLitellm(r, { database: false });
      token = run.container.env.MCP_SERVERS_TOKEN!;
      const address = run.hosts.hosts.get(MCP_HOST)!;
      const port = Number(
        new URL((run.config.mcp_servers as Record<string, { url: string }>)['mcp_servers']!.url).port,
      );
      standIn = await startServer({
        name: 'shai-mcp (stand-in of ai/mcp-servers)',
        command: process.execPath,
        args: [resolve(ROOT, 'bin/shai.js'), 'mcp', '--http', '--host', address, '--port', String(port)],
        env: { PATH: process.env.PATH, SHAI_MCP_TOKEN: token },
        cwd: ROOT,
        ready: () => answers(`http://${address}:${port}/healthz`),
        startTimeoutMs: 60_000,
      });
    }, 300_000);
    afterAll(async () => {
      await standIn?.stop();
      await run?.stop();
    }, 60_000);

    it('got the server from the rendered config, its token from the rendered environment', () => {
      expect(Object.keys(run.config.mcp_servers as object)).toEqual(['mcp_servers']);
      expect(token).toMatch(/^[0-9a-f]{64}$/);
    });

    it("lists the server's tools through the gateway, having sent the server's bearer token", async () => {
      const res = await fetch(`${run.url}/mcp-rest/tools/list`, {
        headers: { authorization: `Bearer ${run.masterKey}` },
      });
      const text = await res.text();
      expect(res.status, text).toBe(200);
      const body = JSON.parse(text) as { tools: { name: string; mcp_info?: { server_name?: string } }[] };
      const names = body.tools.map((t) => t.name);
      // shai mcp's tools, as LiteLLM names them (prefixed with the server name): the stand-in refused every
      // request without the rendered token, so a listed tool means LiteLLM sent it.
      expect(
        names.some((n) => n.endsWith('rag_query')),
        text,
      ).toBe(true);
      expect(
        names.some((n) => n.endsWith('plan')),
        text,
      ).toBe(true);
      expect(
        body.tools.every((t) => t.mcp_info?.server_name === 'mcp_servers'),
        text,
      ).toBe(true);
    });
  },
);
