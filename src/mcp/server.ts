import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { ToolDef } from './tool.ts';

/** An MCP server offering the given tools; every one is marked read-only for clients. */
export function mcpServer(tools: readonly ToolDef[], version: string): McpServer {
  const server = new McpServer({ name: 'shai', version });
  for (const t of tools) {
    server.registerTool(
      t.name,
      {
        title: t.title,
        description: t.description,
        inputSchema: t.input,
        annotations: {
          readOnlyHint: true,
          destructiveHint: false,
          idempotentHint: true,
          openWorldHint: false,
        },
      },
      async (args: unknown) => {
        try {
          const answer = await t.run(t.input.parse(args));
          return {
            content: [{ type: 'text' as const, text: answer.text }],
            isError: Boolean(answer.isError),
          };
        } catch (e) {
          return {
            content: [{ type: 'text' as const, text: e instanceof Error ? e.message : String(e) }],
            isError: true,
          };
        }
      },
    );
  }
  return server;
}

/** Serves MCP over a pair of streams (stdin/stdout) until the client closes its end. */
export async function serveStdio(
  server: McpServer,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const ended = new Promise<void>((done) => input.once('end', done));
  await server.connect(new StdioServerTransport(input as never, output as never));
  await ended;
  await server.close();
}

/** Where and how the HTTP transport listens. */
export interface HttpOptions {
  host: string;
  port: number;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Host headers accepted (DNS-rebinding protection); empty accepts any. */
  allowedHosts?: string[];
}

function authorised(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(req.headers.authorization ?? '');
  const wanted = Buffer.from(`Bearer ${token}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

function reject(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

/**
 * Serves MCP over streamable HTTP at /mcp, stateless (a fresh server per request, so replicas need no shared
 * session), with an optional bearer token and GET /healthz for probes. Resolves once listening.
 */
export async function serveHttp(
  makeServer: () => McpServer,
  o: HttpOptions,
): Promise<{ server: Server; url: string }> {
  const http = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (path !== '/mcp') return reject(res, 404, 'not found: MCP is served at /mcp');
    if (!authorised(req, o.token))
      return reject(res, 401, 'unauthorised: send Authorization: Bearer <token>');
    if (req.method !== 'POST') return reject(res, 405, 'method not allowed: stateless server, POST only');
    const server = makeServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
      ...(o.allowedHosts?.length ? { allowedHosts: o.allowedHosts, enableDnsRebindingProtection: true } : {}),
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    void server
      .connect(transport)
      .then(() => transport.handleRequest(req, res))
      .catch((e: unknown) => {
        if (!res.headersSent) reject(res, 500, e instanceof Error ? e.message : String(e));
      });
  });
  await new Promise<void>((done, fail) => {
    http.once('error', fail);
    http.listen(o.port, o.host, done);
  });
  const addr = http.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return { server: http, url: `http://${host}:${addr.port}/mcp` };
}
