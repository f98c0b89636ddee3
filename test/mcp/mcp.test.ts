import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { GlobalOptions } from '../../src/cli/command.ts';
import { CheckToolInput, shaiTools } from '../../src/cli/mcp-tools.ts';
import { mcpServer, serveHttp } from '../../src/mcp/server.ts';
import { RagQueryInput } from '../../src/rag/inputs.ts';
import { captureIo, ROOT, runCli } from '../helpers/cli.ts';

const TOKEN = 'a-test-token';
const base: GlobalOptions = {
  config: 'platform.yaml',
  format: 'text',
  failOn: 'error',
  color: false,
  debug: false,
};
const dir = mkdtempSync(join(tmpdir(), 'shai-mcp-'));
const db = join(dir, 'rag.sqlite');

type Text = { content: { type: string; text: string }[]; isError?: boolean };
const textOf = (r: unknown) => (r as Text).content[0]!.text;

describe('shai mcp over streamable HTTP, called by the SDK client', () => {
  let http: Server;
  let client: Client;
  let url: string;

  beforeAll(async () => {
    const ingested = await runCli(['rag', 'ingest', 'docs/secrets.md', '--db', db]);
    expect(ingested.code).toBe(0);
    const tools = shaiTools({ base, io: captureIo({ env: { HOME: dir } }), rag: { db } });
    ({ server: http, url } = await serveHttp(() => mcpServer(tools, '0.0.0-test'), {
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
    }));
    client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await new Promise((done) => http?.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the six read-only tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'plan',
      'check',
      'doctor',
      'models_plan',
      'secrets_status',
      'rag_query',
    ]);
    expect(
      tools.every((t) => t.annotations?.readOnlyHint === true && t.annotations.destructiveHint === false),
    ).toBe(true);
  });

  it('publishes input schemas generated from the zod schemas the CLI parses with', async () => {
    const { tools } = await client.listTools();
    const schemaOf = (name: string) =>
      tools.find((t) => t.name === name)!.inputSchema as Record<string, unknown>;
    const fromZod = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input' }) as Record<string, unknown>;
    expect(schemaOf('rag_query')['properties']).toEqual(fromZod(RagQueryInput)['properties']);
    expect(schemaOf('check')['properties']).toEqual(fromZod(CheckToolInput)['properties']);
    expect(schemaOf('rag_query')['required']).toEqual(['question']);
  });

  it('plan: the services of platform.yaml', async () => {
    const plan = JSON.parse(textOf(await client.callTool({ name: 'plan', arguments: {} }))) as {
      services: { name: string }[];
    };
    expect(plan.services.map((s) => s.name)).toContain('qdrant');
  });

  it('check: the report of a path, with its failing finding', async () => {
    const r = await client.callTool({
      name: 'check',
      arguments: { paths: ['test/fixtures/check-cli/broken'] },
    });
    const report = JSON.parse(textOf(r)) as { findings: { rule: string; status: string }[] };
    expect(report.findings.some((f) => f.rule === 'secret-ref-exists' && f.status === 'fail')).toBe(true);
    expect((r as Text).isError).toBe(false);
  });

  it('doctor: findings of a dump with names replaced by placeholders', async () => {
    const r = await client.callTool({
      name: 'doctor',
      arguments: { from: ['test/fixtures/cluster/dumps/certificate-not-ready-fails.json'] },
    });
    const text = textOf(r);
    const report = JSON.parse(text) as {
      findings: { rule: string; target: { name: string; namespace?: string } }[];
    };
    const cert = report.findings.find((f) => f.rule === 'certificate-ready')!;
    expect(cert.target).toMatchObject({ name: 'certificate-1', namespace: 'namespace-1' });
    // Names of the cluster's objects are hidden wherever they appear; a name only a message mentions (the TLS
    // Secret the Certificate would write, absent from the dump) stays, exactly as with doctor --explain.
    expect(text).not.toMatch(/"wildcard"|kube-system|homelab|akula-prime/);
  });

  it('models_plan: where each model runs', async () => {
    const r = await client.callTool({ name: 'models_plan', arguments: { reserve: 'declared' } });
    expect(textOf(r)).toContain('nomic-embed-text');
  });

  it('secrets_status: names only, never a value', async () => {
    const r = await client.callTool({ name: 'secrets_status', arguments: { treeOnly: true } });
    const report = JSON.parse(textOf(r)) as { findings: { target: { name: string } }[] };
    expect(report.findings.map((f) => f.target.name)).toContain('qdrant');
  });

  it('rag_query: chunks of the embedded store with sources and scores', async () => {
    const r = await client.callTool({
      name: 'rag_query',
      arguments: { question: 'where is the secret store file', k: 2 },
    });
    const hits = JSON.parse(textOf(r)) as { source: string; score: number }[];
    expect(hits).toHaveLength(2);
    expect(hits[0]!.source).toBe('docs/secrets.md');
  });

  it('refuses bad input with a tool error naming the field', async () => {
    const r = (await client.callTool({ name: 'rag_query', arguments: { question: 'x', k: 0 } })) as Text;
    expect(r.isError).toBe(true);
    expect(r.content[0]!.text).toMatch(/k/);
  });

  it('refuses a request without the bearer token', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(res.status).toBe(401);
    expect((await fetch(url.replace('/mcp', '/healthz'))).status).toBe(200);
  });
});

describe('shai mcp over stdio (the real CLI), called by the SDK client', () => {
  it('answers tools/list and tools/call', async () => {
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [resolve(ROOT, 'bin/shai.js'), 'mcp'],
        cwd: ROOT,
        stderr: 'pipe',
      }),
    );
    try {
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(6);
      const r = await client.callTool({ name: 'models_plan', arguments: {} });
      expect(textOf(r)).toContain('qwen2.5');
    } finally {
      await client.close();
    }
  }, 120_000);
});
