import type { Finding } from '../../report/types.ts';
import { skippedFinding } from '../skipped.ts';

/** The rule ids of the findings: live reads of ComfyUI's API, not analyzers of the dump. */
export const COMFYUI_FAILED_RULE = 'comfyui-failed-prompts';
export const COMFYUI_STUCK_RULE = 'comfyui-queue-stuck';

const DAY_MS = 24 * 3600 * 1000;
/** Work waiting and nothing finished for this long: a text-to-image prompt takes seconds to minutes. */
export const STUCK_MS = 30 * 60 * 1000;

/*
 * The shapes below are RECORDED from ComfyUI v0.3.49's source (server.py GET /queue and GET /history,
 * execution.py PromptQueue.task_done and PromptExecutor.add_message), not read from a running ComfyUI (it needs
 * torch and a GPU): a queue item is [number, prompt_id, prompt, extra_data, outputs_to_execute], extra_data
 * carries the client_id the caller sent; a history entry is { prompt: <queue item>, outputs, status: {
 * status_str: 'success' | 'error', completed, messages: [[event, { prompt_id, timestamp (ms), ... }]] } }, an
 * execution_error message adding node_id, node_type and exception_message.
 */
export type ComfyQueueItem = [number, string, unknown, { client_id?: string }?, unknown?];

/** `GET /queue`. */
export interface ComfyQueue {
  queue_running?: ComfyQueueItem[];
  queue_pending?: ComfyQueueItem[];
}

/** One entry of `GET /history`. */
export interface ComfyHistoryEntry {
  prompt?: ComfyQueueItem;
  status?: {
    status_str?: string;
    completed?: boolean;
    messages?: [
      string,
      { timestamp?: number; node_id?: string; node_type?: string; exception_message?: string },
    ][];
  };
}

/**
 * Who queued a prompt: shai's n8n workflows send `shai-n8n/<workflow id>` as ComfyUI's client_id; any other
 * caller (Open WebUI, the ComfyUI page) by its client id.
 */
export function comfyClient(item: ComfyQueueItem | undefined): string {
  const client = item?.[3]?.client_id;
  const n8n = client && /^shai-n8n\/(.+)$/.exec(client);
  if (n8n) return `n8n workflow ${n8n[1]}`;
  return client ? `client ${client}` : 'an unnamed client';
}

function lastTimestamp(e: ComfyHistoryEntry): number {
  return Math.max(0, ...(e.status?.messages ?? []).map(([, d]) => d.timestamp ?? 0));
}

function failedPrompts(history: Record<string, ComfyHistoryEntry>, now: number): Finding[] {
  const byClient = new Map<string, string[]>();
  for (const [id, e] of Object.entries(history)) {
    if (e.status?.status_str !== 'error') continue;
    const at = lastTimestamp(e);
    if (!(at > now - DAY_MS && at <= now)) continue;
    const error = e.status.messages?.find(([event]) => event === 'execution_error')?.[1];
    const where = error
      ? `node ${error.node_id} (${error.node_type}): ${error.exception_message?.trim()}`
      : 'no error message';
    const who = comfyClient(e.prompt);
    byClient.set(who, [
      ...(byClient.get(who) ?? []),
      `prompt ${id} at ${new Date(at).toISOString()}, ${where}`,
    ]);
  }
  return [...byClient.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([who, prompts]) => ({
      rule: COMFYUI_FAILED_RULE,
      area: 'probes',
      service: 'comfyui',
      severity: 'warning',
      status: 'fail',
      target: { kind: 'Workflow', namespace: 'gpu', name: who },
      message: `ComfyUI prompts of ${who} failed ${prompts.length} time(s) in the last day: ${prompts.join('; ')}`,
      fix: 'A missing model file or node class points at comfyui.models or the workflow; "out of memory" at the VRAM the GPU services share (shai plan).',
    }));
}

function stuckQueue(queue: ComfyQueue, history: Record<string, ComfyHistoryEntry>, now: number): Finding[] {
  const running = queue.queue_running ?? [];
  const pending = queue.queue_pending ?? [];
  const finished = Math.max(0, ...Object.values(history).map(lastTimestamp));
  if (!running.length || !pending.length || !finished || now - finished < STUCK_MS) return [];
  const minutes = Math.round((now - finished) / 60_000);
  const who = running.map((r) => `prompt ${r[1]} of ${comfyClient(r)}`).join(', ');
  return [
    {
      rule: COMFYUI_STUCK_RULE,
      area: 'probes',
      service: 'comfyui',
      severity: 'error',
      status: 'fail',
      target: { kind: 'Workflow', namespace: 'gpu', name: comfyClient(running[0]) },
      message:
        `ComfyUI's queue is stuck: no prompt finished for ${minutes} min while ${who} runs and ` +
        `${pending.length} wait (${pending.map((p) => `${p[1]} of ${comfyClient(p)}`).join(', ')})`,
      fix: "Look at ComfyUI's log for the running prompt; POST /interrupt stops it, and a restart of Deployment gpu/comfyui clears a hung GPU.",
    },
  ];
}

/** Findings from ComfyUI's queue and history read at `now` (ms since the epoch): failed prompts, a stuck queue. */
export function comfyuiQueueFindings(
  queue: ComfyQueue,
  history: Record<string, ComfyHistoryEntry>,
  now: number,
): Finding[] {
  return [...stuckQueue(queue, history, now), ...failedPrompts(history, now)];
}

/** Reads `/queue` and `/history` of ComfyUI at `baseUrl`; the findings, or one skipped finding saying why not. */
export async function probeComfyuiQueue(
  baseUrl: string,
  io: { fetch: typeof fetch; timeoutMs?: number },
  now: number,
): Promise<Finding[]> {
  const get = async (path: string) => {
    const res = await io.fetch(new URL(path, baseUrl).toString(), {
      signal: AbortSignal.timeout(io.timeoutMs ?? 10_000),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status} from ${path}`);
    return (await res.json()) as unknown;
  };
  try {
    const queue = (await get('/queue')) as ComfyQueue;
    const history = (await get('/history?max_items=200')) as Record<string, ComfyHistoryEntry>;
    return comfyuiQueueFindings(queue, history, now);
  } catch (err) {
    const why = `could not read ComfyUI's queue at ${baseUrl}: ${(err as Error).message}`;
    return [skippedFinding(COMFYUI_STUCK_RULE, 'probes', why)];
  }
}
