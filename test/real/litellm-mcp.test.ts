/*
 * LiteLLM's MCP gateway with the rendered `mcp_servers:` block: the real LiteLLM proxy (PyPI 1.104.2, the pinned
 * image's version) started by harness/litellm.ts from the rendered config.yaml and environment, and one NAMED
 * STAND-IN per MCP server of the plan, at the loopback address the harness gives its host: an MCP server over
 * streamable HTTP (shai's own server code, src/mcp/server.ts) that registers the tool names the server's image
 * registers (the plan's `registered`) and refuses a request without that server's rendered token. So this proves
 * what LiteLLM does with the rendered block (loads it, resolves each token from the environment and sends it,
 * offers only each server's `allowed_tools`), not what mcp-searxng's tools answer (test/real/mcp-fetch.test.ts).
 */
import type { Server as HttpServer } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { mcpServer, serveHttp } from '../../src/mcp/server.ts';
import { tool } from '../../src/mcp/tool.ts';
import { describeWithTools } from '../helpers/tools.ts';
import { type LitellmRun, startLitellm } from './harness/litellm.ts';
import { renderedPlatform, type RenderedPlatform } from './harness/rendered.ts';

const TOOLS = ['litellm', 'initdb', 'postgres', 'psql', 'redis-server', 'redis-cli'];

/** A stand-in MCP server registering `names`, each answering its own name. */
const standInTools = (names: readonly string[]) =>
  names.map((name) =>
    tool({
      name,
      title: name,
      description: `stand-in of ${name}`,
      input: z.object({}),
      run: async () => ({ text: name }),
    }),
  );

describeWithTools(
  "LiteLLM's MCP gateway (PyPI) with the rendered mcp_servers and stand-ins of the platform's MCP servers",
  TOOLS,
  'bash .ci/tools.sh',
  () => {
    let r: RenderedPlatform;
    let run: LitellmRun;
    const standIns: HttpServer[] = [];
    beforeAll(async () => {
      r = await renderedPlatform();
      run = await startLitellm(r, { database: false });
      for (const t of r.plan.toolServers.filter((s) => s.clients.includes('litellm'))) {
        const url = new URL(t.url);
        const { server } = await serveHttp(() => mcpServer(standInTools(t.registered), '0'), {
          host: run.hosts.hosts.get(url.hostname)!,
          port: Number(url.port),
          token: run.container.env[`${t.service.replace(/-/g, '_').toUpperCase()}_TOKEN`]!,
        });
        standIns.push(server);
      }
    }, 300_000);
    afterAll(async () => {
      for (const s of standIns) await new Promise((done) => s.close(done));
      await run?.stop();
    }, 60_000);

    it('got every server of the plan from the rendered config, each token from the rendered environment', () => {
      const servers = r.plan.toolServers.filter((s) => s.clients.includes('litellm'));
      expect(Object.keys(run.config.mcp_servers as object).sort()).toEqual(
        servers.map((s) => s.service.replace(/-/g, '_')).sort(),
      );
      expect(standIns.length).toBe(servers.length);
      expect(servers.length).toBeGreaterThanOrEqual(2);
    });

    it("lists each server's offered tools through the gateway, and only those, having sent each server's token", async () => {
      const res = await fetch(`${run.url}/mcp-rest/tools/list`, {
        headers: { authorization: `Bearer ${run.masterKey}` },
      });
      const text = await res.text();
      expect(res.status, text).toBe(200);
      const body = JSON.parse(text) as { tools: { name: string; mcp_info?: { server_name?: string } }[] };
      const listed = (server: string) =>
        body.tools
          .filter((t) => t.mcp_info?.server_name === server)
          .map((t) => t.name.replace(`${server}-`, ''))
          .sort();
      // Each stand-in refused every request without its own rendered token: a listed tool means LiteLLM sent it.
      for (const s of r.plan.toolServers.filter((t) => t.clients.includes('litellm')))
        expect(listed(s.service.replace(/-/g, '_')), text).toEqual([...s.tools].sort());
    });
  },
);
