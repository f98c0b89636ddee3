import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalyzers } from '../../src/cluster/analyzer.ts';
import { ANALYZERS } from '../../src/cluster/analyzers/index.ts';
import { anonymise } from '../../src/cluster/anonymise.ts';
import { explainFindings } from '../../src/cluster/explain.ts';
import { readDumpFiles } from '../../src/cluster/read-dump.ts';

let server: Server;
let base: string;
const bodies: string[] = [];
const paths: string[] = [];

beforeAll(async () => {
  // Replays a chat completion as the OpenAI API (and LiteLLM) return it; the text uses the placeholders it was sent.
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push(body);
      paths.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-9x8y7z',
          object: 'chat.completion',
          created: 1764316800,
          model: 'qwen3:14b',
          choices: [
            {
              index: 0,
              finish_reason: 'stop',
              message: {
                role: 'assistant',
                content: 'Create secret-1 in namespace-1 first: pod-1 cannot start without it.',
              },
            },
          ],
          usage: { prompt_tokens: 412, completion_tokens: 18, total_tokens: 430 },
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const dumps = join(import.meta.dirname, '../fixtures/cluster/dumps');

describe('--explain', () => {
  it('sends the findings with object names replaced and restores them in the answer', async () => {
    const state = await readDumpFiles([join(dumps, 'pod-secret-in-other-namespace-fails.json')]);
    const findings = runAnalyzers(ANALYZERS, state);
    const names = state.objects('Secret').map((s) => ({ kind: 'Secret', name: s.metadata.name }));
    const ex = await explainFindings(findings, {
      baseURL: base,
      model: 'qwen3:14b',
      apiKey: 'sk-test',
      names,
    });
    expect(paths).toEqual(['/v1/chat/completions']);
    const sent = bodies[0]!;
    for (const name of ['litellm-5d8f9c7b6-x9z8w', 'litellm-secret', '"ai/'])
      expect(sent).not.toContain(name);
    expect(sent).toContain('pod-1');
    expect(JSON.parse(sent)).toMatchObject({ model: 'qwen3:14b', temperature: 0 });
    expect(ex).toEqual({
      source: 'llm',
      model: 'qwen3:14b',
      endpoint: base,
      text: 'Create litellm-secret in ai first: litellm-5d8f9c7b6-x9z8w cannot start without it.',
    });
  });
});

describe('anonymise', () => {
  it('gives the same name the same placeholder and leaves words that merely contain a name alone', () => {
    const f = {
      rule: 'r',
      severity: 'error' as const,
      status: 'fail' as const,
      target: { kind: 'Pod', namespace: 'ai', name: 'web' },
      message: 'pod ai/web said: web is down in ai',
      fix: 'maintain web',
    };
    const a = anonymise([f, { ...f, target: { kind: 'Pod', namespace: 'ai', name: 'web-2' } }]);
    expect(a.findings[0]!.message).toBe('pod namespace-1/pod-1 said: pod-1 is down in namespace-1');
    expect(a.findings[0]!.fix).toBe('maintain pod-1');
    expect(a.findings[1]!.target).toEqual({ kind: 'Pod', namespace: 'namespace-1', name: 'pod-2' });
    expect(a.restore('pod-2 and pod-1 in namespace-1')).toBe('web-2 and web in ai');
  });
});
