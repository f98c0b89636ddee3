import type { PlannedHost } from '../plan/types.ts';
import type { Finding } from '../report/types.ts';

/** Latency budgets of the roadmap: APIs answer in 500 ms, UIs in 2 s. */
export const BUDGET_MS = { api: 500, ui: 2000 } as const;

/** What a probe needs from the outside world: fetch and a monotonic clock, injected. */
export interface ProbeIo {
  fetch: typeof fetch;
  now(): number;
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
}

/** One probe result, kept for the report's extra section. */
export interface ProbeResult {
  service: string;
  url: string;
  status?: number;
  ms?: number;
  error?: string;
}

/** Calls each exposed host's health path once, in parallel; returns findings (area `probes`) and the raw results. */
export async function probeHosts(
  hosts: readonly PlannedHost[],
  io: ProbeIo,
): Promise<{ findings: Finding[]; results: ProbeResult[] }> {
  const results = await Promise.all(hosts.map((h) => probe(h, io)));
  const findings = results.map((r, i) => judge(hosts[i]!, r));
  return { findings, results };
}

async function probe(h: PlannedHost, io: ProbeIo): Promise<ProbeResult> {
  const url = new URL(h.healthPath ?? '/', h.url).toString();
  const start = io.now();
  try {
    // Forward-auth hosts answer 302 to the login page: that still proves Traefik and the route work.
    const res = await io.fetch(url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(io.timeoutMs ?? 10_000),
    });
    await res.arrayBuffer().catch(() => undefined);
    return { service: h.service, url, status: res.status, ms: Math.round(io.now() - start) };
  } catch (err) {
    // fetch wraps the socket error ("fetch failed"); its cause says what happened.
    const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    const error =
      e.name === 'TimeoutError' || e.name === 'AbortError'
        ? 'no answer (timed out)'
        : (e.cause?.code ?? e.cause?.message ?? e.message ?? String(err));
    return { service: h.service, url, error, ms: Math.round(io.now() - start) };
  }
}

function judge(h: PlannedHost, r: ProbeResult): Finding {
  const budget = BUDGET_MS[h.kind];
  const base = {
    rule: 'probe',
    area: 'probes',
    service: h.service,
    target: { kind: 'Host', name: h.host },
  } as const;
  if (r.error) {
    return {
      ...base,
      severity: 'error',
      status: 'fail',
      message: `${r.url} does not answer: ${r.error}`,
      fix: 'Check DNS for the host, Traefik, and the route (see the ingress findings).',
    };
  }
  const ok = r.status! < 400 || (h.auth !== 'public' && (r.status === 401 || r.status === 403));
  if (!ok) {
    return {
      ...base,
      severity: 'error',
      status: 'fail',
      message: `${r.url} answers HTTP ${r.status} in ${r.ms} ms`,
      fix: 'A 5xx means the backend is down or not ready; a 404 means no route matches the host and path.',
    };
  }
  if (r.ms! > budget) {
    return {
      ...base,
      severity: 'warning',
      status: 'fail',
      message: `${r.url} answers HTTP ${r.status} in ${r.ms} ms, over the ${budget} ms budget of ${h.kind === 'api' ? 'an API' : 'a UI'}`,
      fix: 'Look at the backend resources (CPU throttling, cold model loads) and the forward-auth round trip.',
    };
  }
  return {
    ...base,
    severity: 'info',
    status: 'pass',
    message: `${r.url} answers HTTP ${r.status} in ${r.ms} ms (budget ${budget} ms)`,
  };
}
