import type { Finding } from '../../report/types.ts';
import { skippedFinding } from '../skipped.ts';

/** The rule id of the findings: a live read of n8n's public API, not an analyzer of the dump. */
export const N8N_FAILED_RULE = 'n8n-failed-executions';

const DAY_MS = 24 * 3600 * 1000;
/** Pages of 250 read at most: 1,000 failed executions in a day say enough. */
const MAX_PAGES = 4;

/** One execution as n8n's public API lists it (`GET /api/v1/executions`, the fields doctor reads). */
export interface N8nExecution {
  id: string | number;
  status?: string;
  mode?: string;
  startedAt?: string | null;
  stoppedAt?: string | null;
  workflowId: string;
}

/**
 * One finding per workflow with failed executions that started in the day before `now` (ms since the epoch),
 * naming the workflow (`names`: id → name; the id alone when n8n did not say), how often and when last.
 */
export function n8nFailureFindings(
  executions: readonly N8nExecution[],
  names: ReadonlyMap<string, string>,
  now: number,
): Finding[] {
  const byWorkflow = new Map<string, N8nExecution[]>();
  for (const e of executions) {
    const started = Date.parse(e.startedAt ?? '');
    if (e.status !== 'error' && e.status !== 'crashed') continue;
    if (!(started > now - DAY_MS && started <= now)) continue;
    byWorkflow.set(e.workflowId, [...(byWorkflow.get(e.workflowId) ?? []), e]);
  }
  return [...byWorkflow.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, failed]) => {
      const name = names.get(id);
      const last = failed
        .map((e) => e.startedAt!)
        .sort()
        .at(-1)!;
      return {
        rule: N8N_FAILED_RULE,
        area: 'probes',
        service: 'n8n',
        severity: 'warning',
        status: 'fail',
        target: { kind: 'Workflow', namespace: 'automation', name: name ?? id },
        message:
          `n8n workflow ${name ? `"${name}" (${id})` : id} failed ${failed.length} time(s) in the last day ` +
          `(last started ${last}; executions ${failed.map((e) => e.id).join(', ')})`,
        fix: 'Open the execution in n8n (Executions, filter Failed) to see the node that failed and its error; docs/workflows.md lists the calls and settings of the platform workflows.',
      } satisfies Finding;
    });
}

function skipped(message: string): Finding {
  return skippedFinding(N8N_FAILED_RULE, 'probes', message);
}

async function getJson(url: string, apiKey: string, io: { fetch: typeof fetch; timeoutMs?: number }) {
  const res = await io.fetch(url, {
    headers: { 'X-N8N-API-KEY': apiKey, accept: 'application/json' },
    signal: AbortSignal.timeout(io.timeoutMs ?? 10_000),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}`);
  return (await res.json()) as unknown;
}

/**
 * Reads the failed executions of the last day from n8n's public API at `baseUrl` with `apiKey` (a key made in
 * n8n's Settings → n8n API) and the names of their workflows; the findings, or one skipped finding saying why not.
 */
export async function probeN8nExecutions(
  baseUrl: string,
  apiKey: string | undefined,
  io: { fetch: typeof fetch; timeoutMs?: number },
  now: number,
): Promise<Finding[]> {
  if (!apiKey)
    return [
      skipped(
        "n8n's failed executions not read: no API key (create one in n8n's Settings → n8n API; pass it in SHAI_N8N_API_KEY)",
      ),
    ];
  const after = new Date(now - DAY_MS).toISOString();
  try {
    const executions: N8nExecution[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const q = new URLSearchParams({ status: 'error', startedAfter: after, limit: '250' });
      if (cursor) q.set('cursor', cursor);
      const body = (await getJson(new URL(`/api/v1/executions?${q}`, baseUrl).toString(), apiKey, io)) as {
        data?: N8nExecution[];
        nextCursor?: string | null;
      };
      executions.push(...(body.data ?? []));
      cursor = body.nextCursor ?? undefined;
      if (!cursor) break;
    }
    const names = new Map<string, string>();
    for (const id of [...new Set(executions.map((e) => e.workflowId))].sort()) {
      const w = (await getJson(new URL(`/api/v1/workflows/${id}`, baseUrl).toString(), apiKey, io).catch(
        () => ({}),
      )) as { name?: string };
      if (w.name) names.set(id, w.name);
    }
    return n8nFailureFindings(executions, names, now);
  } catch (err) {
    return [skipped(`could not read n8n's executions at ${baseUrl}: ${(err as Error).message}`)];
  }
}
