import { describe, expect, it } from 'vitest';
import {
  type ComfyHistoryEntry,
  type ComfyQueue,
  type ComfyQueueItem,
  comfyuiQueueFindings,
  probeComfyuiQueue,
} from '../../src/cluster/workflows/comfyui-queue.ts';
import { n8nFailureFindings, probeN8nExecutions } from '../../src/cluster/workflows/n8n-executions.ts';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const ago = (minutes: number) => NOW - minutes * 60_000;

describe("n8n's failed executions of the last day", () => {
  const exec = (id: number, workflowId: string, startedAt: string, status = 'error') => ({
    id,
    workflowId,
    status,
    mode: 'webhook',
    startedAt,
    stoppedAt: startedAt,
  });

  it('one finding per workflow, named, counting only failures that started in the day before now', () => {
    const findings = n8nFailureFindings(
      [
        exec(7, 'shaiImageReq0001', '2026-12-03T11:00:00.000Z'),
        exec(9, 'shaiImageReq0001', '2026-12-03T11:30:00.000Z'),
        exec(3, 'shaiImageReq0001', '2026-12-01T11:30:00.000Z'), // two days ago
        exec(8, 'shaiAlertDigest1', '2026-12-03T10:00:00.000Z', 'success'),
        exec(5, 'userWorkflow1', '2026-12-03T09:00:00.000Z', 'crashed'),
      ],
      new Map([['shaiImageReq0001', 'shai: image request']]),
      NOW,
    );
    expect(findings.map((f) => [f.target.name, f.severity, f.message])).toEqual([
      [
        'shai: image request',
        'warning',
        'n8n workflow "shai: image request" (shaiImageReq0001) failed 2 time(s) in the last day (last started 2026-12-03T11:30:00.000Z; executions 7, 9)',
      ],
      [
        'userWorkflow1',
        'warning',
        'n8n workflow userWorkflow1 failed 1 time(s) in the last day (last started 2026-12-03T09:00:00.000Z; executions 5)',
      ],
    ]);
  });

  it('without an API key says how to get one instead of calling n8n', async () => {
    const calls: string[] = [];
    const io = { fetch: (async (u: string) => (calls.push(u), new Response('{}'))) as typeof fetch };
    const [f] = await probeN8nExecutions('http://n8n:5678', undefined, io, NOW);
    expect([f!.status, f!.message, calls]).toEqual(['skipped', expect.stringContaining('no API key'), []]);
  });

  it('asks for errors since a day before now with the key, follows the cursor, names workflows by id', async () => {
    const seen: { url: string; key: string | null }[] = [];
    const pages: Record<string, unknown> = {
      '': { data: [exec(1, 'w1', '2026-12-03T11:00:00.000Z')], nextCursor: 'next' },
      next: { data: [exec(2, 'w1', '2026-12-03T11:10:00.000Z')], nextCursor: null },
    };
    const io = {
      fetch: (async (u: string, init?: RequestInit) => {
        const url = new URL(u);
        seen.push({ url: url.pathname + url.search, key: new Headers(init?.headers).get('x-n8n-api-key') });
        if (url.pathname === '/api/v1/workflows/w1') return Response.json({ id: 'w1', name: 'my flow' });
        return Response.json(pages[url.searchParams.get('cursor') ?? '']);
      }) as typeof fetch,
    };
    const findings = await probeN8nExecutions('http://n8n:5678', 'k', io, NOW);
    expect(seen.map((s) => s.key)).toEqual(['k', 'k', 'k']);
    expect(seen[0]!.url).toBe(
      '/api/v1/executions?status=error&startedAfter=2026-12-02T12%3A00%3A00.000Z&limit=250',
    );
    expect(findings.map((f) => f.message)).toEqual([
      'n8n workflow "my flow" (w1) failed 2 time(s) in the last day (last started 2026-12-03T11:10:00.000Z; executions 1, 2)',
    ]);
  });

  it('an API that refuses the key is a skipped check naming the answer', async () => {
    const io = { fetch: (async () => new Response('unauthorized', { status: 401 })) as typeof fetch };
    const [f] = await probeN8nExecutions('http://n8n:5678', 'bad', io, NOW);
    expect([f!.status, f!.message]).toEqual(['skipped', expect.stringContaining('HTTP 401')]);
  });
});

/*
 * ComfyUI's answers in the shapes RECORDED from ComfyUI v0.3.49's source (server.py GET /queue, GET /history;
 * execution.py), see src/cluster/workflows/comfyui-queue.ts; not from a running ComfyUI.
 */
describe("ComfyUI's queue and history", () => {
  const item = (n: number, id: string, client?: string) =>
    [n, id, {}, client ? { client_id: client } : {}, ['9']] as ComfyQueueItem;
  const done = (id: string, client: string, at: number): ComfyHistoryEntry => ({
    prompt: item(1, id, client),
    status: {
      status_str: 'success',
      completed: true,
      messages: [
        ['execution_start', { timestamp: at - 5000 }],
        ['execution_success', { timestamp: at }],
      ],
    },
  });
  const failed = (id: string, client: string, at: number): ComfyHistoryEntry => ({
    prompt: item(2, id, client),
    status: {
      status_str: 'error',
      completed: false,
      messages: [
        ['execution_start', { timestamp: at - 5000 }],
        [
          'execution_error',
          {
            timestamp: at,
            node_id: '4',
            node_type: 'CheckpointLoaderSimple',
            exception_message: 'Value not in list: ckpt_name\n',
          },
        ],
      ],
    },
  });

  it('names the n8n workflow of failed prompts of the last day by its client id, with the failing node', () => {
    const findings = comfyuiQueueFindings(
      { queue_running: [], queue_pending: [] },
      {
        a: failed('a', 'shai-n8n/image-request', ago(30)),
        b: failed('b', 'open-webui-1', ago(60 * 30)), // 30 hours ago
        c: done('c', 'shai-n8n/image-request', ago(10)),
      },
      NOW,
    );
    expect(findings.map((f) => [f.rule, f.target.name, f.message])).toEqual([
      [
        'comfyui-failed-prompts',
        'n8n workflow image-request',
        'ComfyUI prompts of n8n workflow image-request failed 1 time(s) in the last day: prompt a at 2026-12-03T11:30:00.000Z, node 4 (CheckpointLoaderSimple): Value not in list: ckpt_name',
      ],
    ]);
  });

  it('a stuck queue: work waiting and nothing finished for 30 min, naming the running prompt and its workflow', () => {
    const queue = {
      queue_running: [item(5, 'p5', 'shai-n8n/multimodal-pipeline')],
      queue_pending: [item(6, 'p6', 'open-webui-1')],
    } as ComfyQueue;
    const history = { c: done('c', 'shai-n8n/image-request', ago(47)) };
    expect(
      comfyuiQueueFindings(queue, history, NOW).map((f) => [f.severity, f.target.name, f.message]),
    ).toEqual([
      [
        'error',
        'n8n workflow multimodal-pipeline',
        "ComfyUI's queue is stuck: no prompt finished for 47 min while prompt p5 of n8n workflow multimodal-pipeline runs and 1 wait (p6 of client open-webui-1)",
      ],
    ]);
    // A prompt finished 10 min ago, or nothing waits: not stuck.
    expect(comfyuiQueueFindings(queue, { c: done('c', 'x', ago(10)) }, NOW)).toEqual([]);
    expect(comfyuiQueueFindings({ ...queue, queue_pending: [] }, history, NOW)).toEqual([]);
  });

  it('reads /queue and /history of the given URL; an unreachable ComfyUI is a skipped check', async () => {
    const paths: string[] = [];
    const io = {
      fetch: (async (u: string) => {
        paths.push(new URL(u).pathname + new URL(u).search);
        return Response.json(u.includes('/queue') ? { queue_running: [], queue_pending: [] } : {});
      }) as typeof fetch,
    };
    expect(await probeComfyuiQueue('http://comfyui:8188', io, NOW)).toEqual([]);
    expect(paths).toEqual(['/queue', '/history?max_items=200']);
    const down = { fetch: (async () => Promise.reject(new Error('ECONNREFUSED'))) as typeof fetch };
    const [f] = await probeComfyuiQueue('http://comfyui:8188', down, NOW);
    expect([f!.status, f!.message]).toEqual(['skipped', expect.stringContaining('ECONNREFUSED')]);
  });
});
