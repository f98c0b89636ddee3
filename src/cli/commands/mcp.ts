import { UserError } from '../../errors.ts';
import { mcpServer, serveHttp, serveStdio } from '../../mcp/server.ts';
import type { CommandDef } from '../command.ts';
import { shaiTools } from '../mcp-tools.ts';
import { packageInfo } from '../package-info.ts';
import type { RagFlags } from '../rag-target.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * `shai mcp [--http [--host H] [--port P]]`: shai's own read-only tools over MCP, on stdio (for a local client
 * such as an editor) or streamable HTTP at /mcp. Off loopback the HTTP server requires a bearer token.
 */
export const mcpCommand: CommandDef = {
  name: 'mcp',
  summary: "serve shai's read-only tools (plan, check, doctor, models, secrets status, rag query) over MCP",
  configure(cmd) {
    cmd
      .option('--http', 'serve streamable HTTP at /mcp instead of stdio')
      .option('--host <host>', 'address to listen on (HTTP)', '127.0.0.1')
      .option('--port <port>', 'port to listen on (HTTP)', '8808')
      .option('--db <file>', 'embedded store for rag_query')
      .option('--cluster', "rag_query searches the platform's Qdrant")
      .option('--url <url>', 'Qdrant URL for rag_query');
  },
  async run(_args, opts, io) {
    const rag: RagFlags = {
      ...(opts['db'] ? { db: String(opts['db']) } : {}),
      ...(opts['cluster'] ? { cluster: true } : {}),
      ...(opts['url'] ? { url: String(opts['url']) } : {}),
    };
    const tools = shaiTools({ base: opts, io, rag });
    const make = () => mcpServer(tools, packageInfo().version);
    if (!opts['http']) {
      await serveStdio(make());
      return { exitCode: 0 };
    }
    const host = String(opts['host']);
    const port = Number(opts['port']);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UserError(`--port: not a port: ${String(opts['port'])}`);
    const token = io.env.SHAI_MCP_TOKEN;
    if (!token && !LOOPBACK.has(host)) {
      throw new UserError(
        `--host ${host} is reachable from other machines: set SHAI_MCP_TOKEN to the bearer token clients send`,
      );
    }
    const { server, url } = await serveHttp(make, { host, port, ...(token ? { token } : {}) });
    io.stderr(`shai mcp: streamable HTTP at ${url}${token ? ' (bearer token required)' : ''}\n`);
    await new Promise<void>((done) => server.once('close', done));
    return { exitCode: 0 };
  },
};
