import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesTable, progressBar, syncModels, withTag, type Progress } from '../../src/models/sync.ts';

// Replays Ollama's documented answers (docs/api.md: /api/tags, streaming /api/pull, /api/delete).
const TAGS = {
  models: [
    {
      name: 'qwen2.5:7b',
      model: 'qwen2.5:7b',
      modified_at: '2025-01-01T00:00:00Z',
      size: 4683087332,
      digest: '845dbda0ea48ed749caafd9e6037047aa19acfcfd82e704d7ca97d631a0b697e',
      details: {
        parent_model: '',
        format: 'gguf',
        family: 'qwen2',
        families: ['qwen2'],
        parameter_size: '7.6B',
        quantization_level: 'Q4_K_M',
      },
    },
    {
      name: 'old:latest',
      model: 'old:latest',
      modified_at: '2024-01-01T00:00:00Z',
      size: 1000,
      digest: 'abc',
      details: {
        parent_model: '',
        format: 'gguf',
        family: 'llama',
        families: ['llama'],
        parameter_size: '1B',
        quantization_level: 'Q4_0',
      },
    },
    {
      name: 'gone:latest',
      model: 'gone:latest',
      modified_at: '2024-01-01T00:00:00Z',
      size: 1000,
      digest: 'def',
      details: {
        parent_model: '',
        format: 'gguf',
        family: 'llama',
        families: ['llama'],
        parameter_size: '1B',
        quantization_level: 'Q4_0',
      },
    },
  ],
};

const PULL_OK = [
  { status: 'pulling manifest' },
  { status: 'pulling sha256:aaa', digest: 'sha256:aaa', total: 300 },
  { status: 'pulling sha256:aaa', digest: 'sha256:aaa', total: 300, completed: 150 },
  { status: 'pulling sha256:bbb', digest: 'sha256:bbb', total: 100, completed: 100 },
  { status: 'pulling sha256:aaa', digest: 'sha256:aaa', total: 300, completed: 300 },
  { status: 'verifying sha256 digest' },
  { status: 'writing manifest' },
  { status: 'removing any unused layers' },
  { status: 'success' },
];
const PULL_BROKEN = [
  { status: 'pulling manifest' },
  { status: 'pulling sha256:ccc', digest: 'sha256:ccc', total: 10, completed: 5 },
  { error: 'max retries exceeded: unexpected EOF' },
];

const requests: { method: string; url: string; body: unknown }[] = [];
let server: Server;
let url = '';

const body = (req: IncomingMessage) =>
  new Promise<unknown>((resolve) => {
    let s = '';
    req.on('data', (c) => (s += c));
    req.on('end', () => resolve(s ? JSON.parse(s) : undefined));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    // ollama-js 0.6 sends the model as `name`, the deprecated alias the server still accepts.
    const raw = (await body(req)) as { model?: string; name?: string } | undefined;
    const b = raw ? { model: raw.model ?? raw.name } : undefined;
    requests.push({ method: req.method!, url: req.url!, body: b });
    const json = (status: number, v: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(v));
    if (req.url === '/api/tags') return json(200, TAGS);
    if (req.url === '/api/pull') {
      if (b?.model === 'nope:1b') return json(500, { error: 'pull model manifest: file does not exist' });
      const chunks = b?.model === 'broken:1b' ? PULL_BROKEN : PULL_OK;
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      for (const c of chunks) res.write(JSON.stringify(c) + '\n');
      return res.end();
    }
    if (req.url === '/api/delete') {
      return b?.model === 'gone:latest'
        ? json(404, { error: "model 'gone:latest' not found" })
        : res.writeHead(200).end();
    }
    json(404, { error: 'not found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('syncModels against a replayed Ollama', () => {
  it('pulls the missing, reports failures per model, prunes only with --prune, and continues past an unreachable instance', async () => {
    requests.length = 0;
    const progress: Progress[] = [];
    const changes = await syncModels(
      [
        { instance: 'down', url: 'http://127.0.0.1:1', models: ['qwen2.5:7b'] },
        { instance: 'gpu', url, models: ['qwen2.5:7b', 'llama3.2:3b', 'broken:1b', 'nope:1b'] },
      ],
      { dryRun: false, prune: true, onProgress: (p) => progress.push(p) },
    );
    const by = (i: string, m: string) => changes.find((c) => c.instance === i && c.model === m)!;
    expect(by('down', 'qwen2.5:7b').action).toBe('failed');
    expect(by('down', 'qwen2.5:7b').error).toMatch(/cannot list models at http:\/\/127\.0\.0\.1:1/);
    expect(by('gpu', 'qwen2.5:7b').action).toBe('present');
    expect(by('gpu', 'llama3.2:3b').action).toBe('pulled');
    expect(by('gpu', 'broken:1b')).toMatchObject({
      action: 'failed',
      error: 'pull failed: max retries exceeded: unexpected EOF',
    });
    expect(by('gpu', 'nope:1b')).toMatchObject({
      action: 'failed',
      error: 'pull failed: pull model manifest: file does not exist',
    });
    expect(by('gpu', 'old:latest').action).toBe('deleted');
    expect(by('gpu', 'gone:latest').action).toBe('failed');
    expect(by('gpu', 'gone:latest').error).toContain('not found');
    // Progress is Σcompleted / Σtotal over distinct digests: 150/300, then 250/400, then 400/400.
    const ratios = progress
      .filter((p) => p.model === 'llama3.2:3b' && p.total > 0)
      .map((p) => p.completed / p.total);
    expect(ratios).toContain(0.5);
    expect(ratios).toContain(250 / 400);
    expect(ratios.at(-1)).toBe(1);
    expect(
      requests.map((r) => `${r.method} ${r.url} ${(r.body as { model?: string })?.model ?? ''}`.trim()),
    ).toEqual([
      'GET /api/tags',
      'POST /api/pull llama3.2:3b',
      'POST /api/pull broken:1b',
      'POST /api/pull nope:1b',
      'DELETE /api/delete gone:latest',
      'DELETE /api/delete old:latest',
    ]);
    expect(changesTable(changes)).toMatch(/^INSTANCE\s+MODEL\s+ACTION\s+ERROR/);
  });

  it('changes nothing in a dry run and deletes nothing without --prune', async () => {
    requests.length = 0;
    const dry = await syncModels([{ instance: 'gpu', url, models: ['llama3.2:3b'] }], {
      dryRun: true,
      prune: true,
    });
    expect(dry.map((c) => `${c.model} ${c.action}`)).toEqual([
      'llama3.2:3b would pull',
      'gone:latest would delete',
      'old:latest would delete',
      'qwen2.5:7b would delete',
    ]);
    const keep = await syncModels([{ instance: 'gpu', url, models: ['qwen2.5:7b'] }], {
      dryRun: false,
      prune: false,
    });
    expect(keep.map((c) => c.action)).toEqual(['present']);
    expect(requests.every((r) => r.url === '/api/tags')).toBe(true);
  });

  it('names untagged models :latest and draws a bar', () => {
    expect(withTag('mistral')).toBe('mistral:latest');
    expect(withTag('hf.co/org/model:Q4')).toBe('hf.co/org/model:Q4');
    expect(progressBar({ instance: 'gpu', model: 'm', status: 'x', completed: 1, total: 2 }, 10)).toBe(
      '[#####-----]  50% m on gpu',
    );
  });
});
