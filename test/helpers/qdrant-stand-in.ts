/*
 * A STAND-IN for Qdrant's REST API, not Qdrant: an in-memory server on 127.0.0.1 answering the ten endpoints
 * shai's QdrantStore calls, in the response shapes of Qdrant v1.18.0's OpenAPI (docs/redoc/v1.18.x/openapi.json
 * at tag v1.18.0: `{ result, status: 'ok', time }`). No Qdrant server can run here (not on any package registry,
 * and building it from source is not allowed), so the Qdrant tests check what the pinned @qdrant/js-client-rest
 * sends against a recording (test/fixtures/rag/qdrant-client-requests.json) and shai's behaviour against this.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Point {
  id: string;
  vector: number[];
  payload: Record<string, unknown>;
}

/** One request as the client sent it. */
export interface Exchange {
  method: string;
  path: string;
  apiKey: string | null;
  body: unknown;
}

const ok = (result: unknown) => ({ result, status: 'ok', time: 0.001 });
const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    dot += x * b[i]!;
    na += x * x;
    nb += b[i]! * b[i]!;
  });
  return dot / (Math.sqrt(na * nb) || 1);
};

function pick(payload: Record<string, unknown>, fields: unknown): Record<string, unknown> {
  if (fields === true || fields === undefined) return payload;
  const out: Record<string, unknown> = {};
  for (const f of fields as string[]) {
    const [head, ...rest] = f.split('.');
    const value = payload[head!];
    if (value === undefined) continue;
    out[head!] = rest.length
      ? { ...(out[head!] as object), ...pick(value as Record<string, unknown>, [rest.join('.')]) }
      : value;
  }
  return out;
}

function collectionInfo(size: number, points: number) {
  return {
    status: 'green',
    optimizer_status: 'ok',
    segments_count: 1,
    points_count: points,
    indexed_vectors_count: 0,
    payload_schema: {},
    config: {
      params: {
        vectors: { size, distance: 'Cosine' },
        shard_number: 1,
        replication_factor: 1,
        on_disk_payload: true,
      },
      hnsw_config: {
        m: 16,
        ef_construct: 100,
        full_scan_threshold: 10000,
        max_indexing_threads: 0,
        on_disk: false,
      },
      optimizer_config: {
        deleted_threshold: 0.2,
        vacuum_min_vector_number: 1000,
        default_segment_number: 0,
        flush_interval_sec: 5,
      },
    },
  };
}

/** Starts the stand-in; `exchanges` records every request, `apiKey` is required when set. */
export async function startQdrantStandIn(apiKey?: string) {
  const collections = new Map<string, { size: number; points: Map<string, Point> }>();
  const exchanges: Exchange[] = [];
  /** What the stand-in answered to each request, in order (for checking its shapes against Qdrant's OpenAPI). */
  const answers: { status: number; body: unknown }[] = [];
  const read = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    return text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  };
  const handle = (
    method: string,
    path: string,
    body: Record<string, unknown> | undefined,
  ): [number, unknown] => {
    if (method === 'GET' && path === '/collections')
      return [200, ok({ collections: [...collections.keys()].map((name) => ({ name })) })];
    const m = /^\/collections\/([^/?]+)(\/[^?]*)?/.exec(path);
    if (!m) return [404, { status: { error: 'Not found' } }];
    const name = decodeURIComponent(m[1]!);
    const rest = m[2] ?? '';
    const col = collections.get(name);
    if (method === 'GET' && rest === '/exists') return [200, ok({ exists: Boolean(col) })];
    if (method === 'PUT' && rest === '') {
      collections.set(name, { size: (body!.vectors as { size: number }).size, points: new Map() });
      return [200, ok(true)];
    }
    if (!col) return [404, { status: { error: `Not found: Collection \`${name}\` doesn't exist!` } }];
    if (method === 'GET' && rest === '') return [200, ok(collectionInfo(col.size, col.points.size))];
    if (method === 'DELETE' && rest === '') {
      collections.delete(name);
      return [200, ok(true)];
    }
    if (method === 'PUT' && rest === '/index') return [200, ok({ operation_id: 0, status: 'completed' })];
    if (method === 'PUT' && rest === '/points') {
      for (const p of body!.points as Point[]) col.points.set(String(p.id), p);
      return [200, ok({ operation_id: 1, status: 'completed' })];
    }
    if (method === 'POST' && rest === '/points/delete') {
      for (const id of body!.points as string[]) col.points.delete(id);
      return [200, ok({ operation_id: 2, status: 'completed' })];
    }
    const all = [...col.points.values()].sort((a, b) => a.id.localeCompare(b.id));
    if (method === 'POST' && rest === '/points/scroll') {
      const start = body!.offset ? all.findIndex((p) => p.id === body!.offset) : 0;
      const limit = body!.limit as number;
      const page = all.slice(start, start + limit);
      return [
        200,
        ok({
          points: page.map((p) => ({ id: p.id, payload: pick(p.payload, body!.with_payload) })),
          next_page_offset: all[start + limit]?.id ?? null,
        }),
      ];
    }
    if (method === 'POST' && rest === '/points/query') {
      const q = body!.query as number[];
      const scored = all
        .map((p) => ({ id: p.id, version: 1, score: cosine(q, p.vector), payload: p.payload }))
        .sort((a, b) => b.score - a.score)
        .slice(0, body!.limit as number);
      return [200, ok({ points: scored })];
    }
    return [404, { status: { error: 'Not found' } }];
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await read(req);
      const key = (req.headers['api-key'] as string | undefined) ?? null;
      exchanges.push({ method: req.method!, path: req.url!, apiKey: key, body: body ?? null });
      const [status, answer] =
        apiKey && key !== apiKey
          ? [401, { status: { error: 'Must provide an API key or an Authorization bearer token' } }]
          : handle(req.method!, req.url!, body);
      answers.push({ status, body: answer });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, exchanges, answers, close: () => new Promise<void>((done) => server.close(() => done())) };
}
