/*
 * A STAND-IN for an Ollama server (no model runs here): it answers Ollama's HTTP API (`/api/chat`, `/api/embed`,
 * `/api/embeddings`, `/api/show`, `/api/tags`, `/api/version`) with fixed text that names the stand-in and the
 * model asked for, records every request, and fails on demand for chosen models. It stands where the rendered
 * config points LiteLLM (`ollama-gpu.gpu...:11434`, `ollama-cpu.ai...:11434`), so what is tested is LiteLLM's
 * routing, not a model.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';

/** One request the stand-in received. */
export interface SeenRequest {
  method: string;
  path: string;
  model?: string;
  body: unknown;
  /** When it arrived (ms since the epoch). */
  at: number;
}

/** A running stand-in. */
export interface OllamaStandIn {
  name: string;
  url: string;
  seen: SeenRequest[];
  /** Models for which `/api/chat` and `/api/embed*` answer 500. */
  failing: Set<string>;
  close: () => Promise<void>;
}

function body(req: IncomingMessage): Promise<unknown> {
  return new Promise((done) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      try {
        done(text ? JSON.parse(text) : undefined);
      } catch {
        done(text);
      }
    });
  });
}

/** The text a stand-in answers for `model`; tests match on it to see who answered. */
export const standInReply = (name: string, model: string) => `stand-in ${name} answered as ${model}`;

function answer(name: string, path: string, model: string, req: Record<string, unknown>): unknown {
  const now = new Date(0).toISOString();
  switch (path) {
    case '/api/chat':
      return {
        model,
        created_at: now,
        message: { role: 'assistant', content: standInReply(name, model) },
        done: true,
        done_reason: 'stop',
        prompt_eval_count: 5,
        eval_count: 7,
      };
    case '/api/embed':
      return { model, embeddings: [[0.1, 0.2, 0.3]], prompt_eval_count: 3 };
    case '/api/embeddings':
      return { embedding: [0.1, 0.2, 0.3] };
    case '/api/show':
      return {
        details: { family: 'stand-in', format: 'gguf' },
        model_info: {},
        template: '',
        modified_at: now,
      };
    case '/api/tags':
      return { models: [] };
    case '/api/version':
      return { version: '0.0.0-stand-in' };
    default:
      return {
        error: `stand-in ${name}: ${path} is not part of the stand-in (request ${JSON.stringify(req)})`,
      };
  }
}

/** Starts a stand-in named `name` on `host:port`. */
export function startOllamaStandIn(name: string, host: string, port: number): Promise<OllamaStandIn> {
  const seen: SeenRequest[] = [];
  const failing = new Set<string>();
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const b = (await body(req)) as Record<string, unknown> | undefined;
    const model = typeof b?.model === 'string' ? b.model : typeof b?.name === 'string' ? b.name : undefined;
    seen.push({ method: req.method ?? 'GET', path, model, body: b, at: Date.now() });
    const known = ['/api/chat', '/api/embed', '/api/embeddings', '/api/show', '/api/tags', '/api/version'];
    let status = known.includes(path) ? 200 : 404;
    let out = answer(name, path, model ?? '', b ?? {});
    if (model && failing.has(model) && path !== '/api/show') {
      status = 500;
      out = { error: `stand-in ${name}: ${model} fails on purpose` };
    }
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(out));
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () =>
      done({
        name,
        url: `http://${host}:${port}`,
        seen,
        failing,
        close: () =>
          new Promise((c) => {
            server.closeAllConnections();
            server.close(() => c());
          }),
      }),
    );
  });
}
