import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ROOT, runCli } from '../../helpers/cli.ts';

// A replayed Ollama that has one model outside the catalog (answers shaped like docs/api.md's examples).
let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const json = (v: unknown) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(v));
    if (req.url === '/api/tags')
      return json({ models: [{ name: 'someone/chat:8b', size: 4920734016, digest: 'x', details: {} }] });
    if (req.url === '/api/show') {
      return json({
        model_info: {
          'general.architecture': 'llama',
          'llama.block_count': 32,
          'llama.attention.head_count': 32,
          'llama.attention.head_count_kv': 8,
          'llama.embedding_length': 4096,
          'llama.context_length': 131072,
          'llama.vocab_size': 128256,
        },
      });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** platform.yaml plus the given models, written to a temporary directory. */
function configWith(models: object[]): string {
  const doc = parse(readFileSync(join(ROOT, 'platform.yaml'), 'utf8'));
  doc.models.push(...models);
  const file = join(mkdtempSync(join(tmpdir(), 'shai-models-')), 'platform.yaml');
  writeFileSync(file, stringify(doc));
  return file;
}

describe('shai models', () => {
  it('plan prints a table per Ollama instance with the GPU share left by the other GPU services, exit 0', async () => {
    const { code, stdout } = await runCli(['models', 'plan']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ollama-cpu on homelab \(cpu\)/m);
    expect(stdout).toMatch(
      /^ollama-gpu on akula-prime \(gpu\): budget 8\.0 GiB \(16\.0 GiB card minus the declared VRAM of comfyui 8 GiB\)/m,
    );
    expect(stdout).toMatch(/gemma3:4b\s+vision\s+catalog\s.*fits/);
    expect(stdout).toMatch(/keepLoaded models .* of 16\.0 GiB, fit the card/);
  });
  it('plan --format json is the same plan as data', async () => {
    const { code, stdout } = await runCli(['models', 'plan', '--format', 'json']);
    expect(code).toBe(0);
    const mp = JSON.parse(stdout) as {
      instances: { instance: string; models: { fit: string; source: string }[] }[];
    };
    expect(mp.instances.map((i) => i.instance)).toEqual(['ollama-cpu', 'ollama-gpu']);
    expect(
      mp.instances.flatMap((i) => i.models).every((m) => m.fit === 'full' && m.source === 'catalog'),
    ).toBe(true);
  });
  it('plan --url asks /api/show for a model outside the catalog; an unreachable URL leaves a noted guess', async () => {
    const config = configWith([
      { name: 'someone/chat:8b', purpose: 'general', placement: 'cpu', alias: 'custom' },
      { name: 'someone/other:3b', purpose: 'general', placement: 'cpu', alias: 'other' },
    ]);
    const asked = await runCli(['models', 'plan', '--config', config, '--url', url]);
    expect(asked.code).toBe(0);
    expect(asked.stdout).toMatch(/someone\/chat:8b\s+custom\s+ollama \/api\/show/);
    expect(asked.stdout).toMatch(/someone\/other:3b\s+other\s+GUESS \(size\)/);
    expect(asked.stdout).toContain(
      'Note: someone/other:3b: no reachable Ollama has it pulled; planned from a size guess',
    );
    const down = await runCli(['models', 'plan', '--config', config, '--url', 'http://127.0.0.1:1']);
    expect(down.stdout).toMatch(/someone\/chat:8b\s+custom\s+GUESS \(size\)/);
    expect(down.stdout).toContain('Guessed: someone/chat:8b, someone/other:3b are not in the catalog');
    expect(down.stdout).toMatch(/Note: Ollama at http:\/\/127\.0\.0\.1:1 is unreachable/);
  });
  // Newcomer P53: the node has 120 GiB, but ollama-cpu's container may use 32 GiB; the model once "fit".
  it('plan budgets a CPU instance by its container limit: a 43 GiB model does not fit, exit 1', async () => {
    const config = configWith([
      {
        name: 'llama3.3:70b',
        purpose: 'general',
        capabilities: ['chat', 'tools'],
        placement: 'cpu',
        alias: 'big',
      },
    ]);
    const { code, stdout } = await runCli(['models', 'plan', '--config', config]);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^ollama-cpu on homelab \(cpu\): budget 32\.0 GiB \(the container's memory limit; [\d.]+ GiB of node memory the other pods leave\)/m,
    );
    expect(stdout).toMatch(/llama3\.3:70b\s+big\s+catalog\s.*43\.2 GiB\s+does not fit/);
  });
  it('sync against an unreachable URL fails per model with exit 1', async () => {
    const { code, stdout } = await runCli(['models', 'sync', '--dry-run', '--url', 'http://127.0.0.1:1']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/qwen2\.5:7b\s+failed\s+cannot list models at http:\/\/127\.0\.0\.1:1/);
  });
});
