/*
 * STAND-INS (no model, no vector database, no mail relay, no GPU here) for the HTTP and SMTP APIs the rendered n8n
 * workflows call, started where the rendered URLs point (their in-cluster hosts given loopback addresses):
 *   - LiteLLM's OpenAI-compatible API: /v1/chat/completions answers fixed text naming the stand-in (or, once, a
 *     call of the tool a test asks for), /v1/embeddings a vector derived from the text's hash;
 *   - Qdrant's REST API: collections, points upsert/delete/query, kept in memory;
 *   - ComfyUI's /prompt and /history (the image is "saved" on the second look), /view and /free;
 *   - the GPU media servers' speech (audio) and image-to-video (video) endpoints, answering fixed bytes;
 *   - an SMTP relay that accepts one login and keeps the messages.
 * Each records what it received, so a test checks what the workflow sent, not what a model would say.
 */
import { createHash } from 'node:crypto';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** One HTTP request a stand-in received. */
export interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A running stand-in. */
export interface StandIn {
  seen: Seen[];
  close: () => Promise<void>;
}

function readBody(req: IncomingMessage): Promise<unknown> {
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

function json(res: ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

async function listen(
  host: string,
  port: number,
  handle: (s: Seen, res: ServerResponse) => void,
): Promise<StandIn> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const s = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      seen.push(s);
      handle(s, res);
    });
  });
  await new Promise<void>((done) => server.listen(port, host, done));
  return { seen, close: () => new Promise((done) => server.close(() => done())) };
}

/** The stand-in's vector of a text: 8 numbers from its SHA-256, the same text always the same vector. */
export function standInVector(text: string): number[] {
  const h = createHash('sha256').update(text).digest();
  return [...h.subarray(0, 8)].map((b) => b / 255);
}

/**
 * What the LiteLLM stand-in answers: fixed text, or a call of the tool named by `callTool` while none has run, or
 * what `answer` gives for a request (a test's fixed script).
 */
export interface LitellmStandIn extends StandIn {
  callTool?: { description: RegExp; args: Record<string, unknown> };
  answer?: (body: ChatBody) => string | undefined;
}

export type ChatBody = {
  model: string;
  stream?: boolean;
  messages: { role: string; content?: string }[];
  tools?: { function: { name: string; description: string } }[];
};

function chatAnswer(l: LitellmStandIn, body: ChatBody) {
  const toolRan = body.messages.some((m) => m.role === 'tool');
  const tool = l.callTool && body.tools?.find((t) => l.callTool!.description.test(t.function.description));
  if (tool && !toolRan)
    return {
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_standin_1',
          type: 'function',
          function: { name: tool.function.name, arguments: JSON.stringify(l.callTool!.args) },
        },
      ],
    };
  const last = body.messages.at(-1)?.content ?? '';
  const fixed = l.answer?.(body);
  if (fixed !== undefined) return { role: 'assistant', content: fixed };
  return { role: 'assistant', content: `STAND-IN answer by ${body.model} to: ${last.slice(0, 200)}` };
}

function chat(l: LitellmStandIn, body: ChatBody, res: ServerResponse) {
  const message = chatAnswer(l, body);
  const base = { id: 'chatcmpl-standin', object: 'chat.completion', created: 0, model: body.model };
  const finish = message.tool_calls ? 'tool_calls' : 'stop';
  if (!body.stream)
    return json(res, 200, {
      ...base,
      choices: [{ index: 0, message, finish_reason: finish }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const delta = message.tool_calls
    ? { role: 'assistant', tool_calls: message.tool_calls.map((c, index) => ({ index, ...c })) }
    : { role: 'assistant', content: message.content };
  const chunk = (d: object, reason: string | null) =>
    `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: d, finish_reason: reason }] })}\n\n`;
  res.end(`${chunk(delta, null)}${chunk({}, finish)}data: [DONE]\n\n`);
}

/** LiteLLM's OpenAI-compatible API. */
export async function startLitellmStandIn(host: string, port: number): Promise<LitellmStandIn> {
  const l: LitellmStandIn = { seen: [], close: async () => {} };
  const s = await listen(host, port, ({ path, body }, res) => {
    if (path === '/v1/chat/completions') return chat(l, body as ChatBody, res);
    if (path === '/v1/embeddings') {
      const input = (body as { input: string | string[] }).input;
      const texts = Array.isArray(input) ? input : [input];
      return json(res, 200, {
        object: 'list',
        model: (body as { model: string }).model,
        data: texts.map((t, index) => ({ object: 'embedding', index, embedding: standInVector(t) })),
      });
    }
    json(res, 404, { error: `the stand-in does not serve ${path}` });
  });
  return Object.assign(l, { seen: s.seen, close: s.close });
}

/** One point the Qdrant stand-in holds. */
export interface StandInPoint {
  id: string;
  vector: number[];
  payload: Record<string, unknown> & { metadata?: { source?: string } };
}

/** Qdrant's REST API for the calls the workflows make, one collection in memory. */
export async function startQdrantStandIn(
  host: string,
  port: number,
): Promise<StandIn & { collections: Map<string, StandInPoint[]> }> {
  const collections = new Map<string, StandInPoint[]>();
  const s = await listen(host, port, ({ method, path, body }, res) => {
    const m = /^\/collections\/([\w-]+)(\/points(?:\/(delete|query))?)?/.exec(path);
    if (!m) return json(res, 404, { status: { error: 'not found' } });
    const [, name, points, op] = m;
    if (!points && method === 'PUT') {
      if (collections.has(name!))
        return json(res, 409, { status: { error: `Collection ${name} already exists` } });
      collections.set(name!, []);
      return json(res, 200, { result: true, status: 'ok' });
    }
    const held = collections.get(name!);
    if (!held) return json(res, 404, { status: { error: `Collection ${name} not found` } });
    if (op === 'delete') {
      const source = (body as { filter: { must: { match: { value: string } }[] } }).filter.must[0]!.match
        .value;
      collections.set(
        name!,
        held.filter((p) => p.payload.metadata?.source !== source),
      );
      return json(res, 200, { result: { status: 'completed' }, status: 'ok' });
    }
    if (op === 'query') {
      const q = (body as { query: number[]; limit: number }).query;
      const score = (v: number[]) => v.reduce((n, x, i) => n + x * (q[i] ?? 0), 0);
      const hits = held
        .map((p) => ({ id: p.id, score: score(p.vector), payload: p.payload }))
        .sort((a, b) => b.score - a.score)
        .slice(0, (body as { limit: number }).limit);
      return json(res, 200, { result: { points: hits }, status: 'ok' });
    }
    if (points && method === 'PUT') {
      const incoming = (body as { points: StandInPoint[] }).points;
      const ids = new Set(incoming.map((p) => p.id));
      collections.set(name!, [...held.filter((p) => !ids.has(p.id)), ...incoming]);
      return json(res, 200, { result: { status: 'completed' }, status: 'ok' });
    }
    json(res, 400, { status: { error: `the stand-in does not serve ${method} ${path}` } });
  });
  return { ...s, collections };
}

/** The bytes a media stand-in answers with: a fixed header naming the stand-in and what it stands for. */
export function standInBytes(kind: string): Buffer {
  return Buffer.from(`STAND-IN ${kind} bytes`);
}

function file(res: ServerResponse, type: string, bytes: Buffer) {
  res.writeHead(200, { 'content-type': type, 'content-length': bytes.length });
  res.end(bytes);
}

/**
 * ComfyUI's /prompt, /history (the prompt is done the second time its history is read), /view (fixed PNG-named
 * bytes) and /free (accepted).
 */
export async function startComfyuiStandIn(host: string, port: number): Promise<StandIn> {
  const looks = new Map<string, number>();
  return listen(host, port, ({ method, path }, res) => {
    if (method === 'POST' && path === '/prompt')
      return json(res, 200, { prompt_id: 'standin-prompt-1', number: 0, node_errors: {} });
    if (method === 'POST' && path === '/free') return json(res, 200, {});
    if (method === 'GET' && path.startsWith('/view?')) return file(res, 'image/png', standInBytes('PNG'));
    const h = /^\/history\/([\w-]+)$/.exec(path);
    if (h) {
      const n = (looks.get(h[1]!) ?? 0) + 1;
      looks.set(h[1]!, n);
      if (n < 2) return json(res, 200, {});
      const images = [{ filename: 'shai_00001_.png', subfolder: '', type: 'output' }];
      return json(res, 200, { [h[1]!]: { outputs: { '9': { images } }, status: { completed: true } } });
    }
    json(res, 404, { error: `the stand-in does not serve ${path}` });
  });
}

/**
 * The GPU media servers (tzervas/self-hosted-ai containers/{audio,video}-server/server.py): the audio server's
 * `POST /voice/generate` answers a WAV, the video server's `POST /video/image2video` (multipart, field `image`)
 * an MP4; here fixed bytes naming the stand-in.
 */
export async function startMediaStandIn(
  host: string,
  port: number,
  kind: 'audio' | 'video',
): Promise<StandIn> {
  return listen(host, port, ({ method, path }, res) => {
    if (kind === 'audio' && method === 'POST' && path === '/voice/generate')
      return file(res, 'audio/wav', standInBytes('WAV'));
    if (kind === 'video' && method === 'POST' && path.startsWith('/video/image2video'))
      return file(res, 'video/mp4', standInBytes('MP4'));
    json(res, 404, { error: `the stand-in does not serve ${path}` });
  });
}

/** One message the SMTP stand-in accepted. */
export interface StandInMail {
  login: string;
  from: string;
  to: string[];
  data: string;
}

/** An SMTP relay (EHLO, AUTH PLAIN or LOGIN, MAIL, RCPT, DATA) that keeps what it accepts. */
export async function startSmtpStandIn(
  host: string,
  port: number,
): Promise<{ mails: StandInMail[]; close: () => Promise<void> }> {
  const mails: StandInMail[] = [];
  const server: TcpServer = createTcpServer((socket) => {
    let buffer = '';
    let mail: StandInMail = { login: '', from: '', to: [], data: '' };
    let state: 'command' | 'data' | 'user' | 'pass' = 'command';
    const say = (line: string) => socket.write(`${line}\r\n`);
    say('220 smtp-stand-in ESMTP');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (let i = buffer.indexOf('\r\n'); i >= 0; i = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (state === 'data') {
          if (line === '.') {
            mails.push(mail);
            mail = { login: mail.login, from: '', to: [], data: '' };
            state = 'command';
            say('250 queued');
          } else mail.data += `${line.replace(/^\.\./, '.')}\n`;
          continue;
        }
        if (state === 'user') {
          mail.login = Buffer.from(line, 'base64').toString();
          state = 'pass';
          say('334 UGFzc3dvcmQ6');
          continue;
        }
        if (state === 'pass') {
          mail.login += `:${Buffer.from(line, 'base64').toString()}`;
          state = 'command';
          say('235 accepted');
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-smtp-stand-in\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n');
        else if (verb === 'HELO') say('250 smtp-stand-in');
        else if (/^AUTH PLAIN /i.test(line)) {
          const [, user, pass] = Buffer.from(line.slice(11), 'base64').toString().split('\0');
          mail.login = `${user}:${pass}`;
          say('235 accepted');
        } else if (/^AUTH LOGIN/i.test(line)) {
          state = 'user';
          say('334 VXNlcm5hbWU6');
        } else if (verb === 'MAIL') {
          mail.from = line.replace(/^MAIL FROM:\s*<?([^>\s]*)>?.*$/i, '$1');
          say('250 ok');
        } else if (verb === 'RCPT') {
          mail.to.push(line.replace(/^RCPT TO:\s*<?([^>\s]*)>?.*$/i, '$1'));
          say('250 ok');
        } else if (verb === 'DATA') {
          state = 'data';
          say('354 go ahead');
        } else if (verb === 'QUIT') {
          say('221 bye');
          socket.end();
        } else say('250 ok');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((done) => server.listen(port, host, done));
  return { mails, close: () => new Promise((done) => server.close(() => done())) };
}

/** Polls `read` until it gives a value (n8n runs webhook workflows after answering); fails after `ms`. */
export async function eventually<T>(read: () => T | undefined, ms = 120_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    const v = read();
    if (v !== undefined) return v;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`nothing arrived within ${ms / 1000} s`);
}
