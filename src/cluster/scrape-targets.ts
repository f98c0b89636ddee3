import type { Finding } from '../report/types.ts';
import { skippedFinding } from './skipped.ts';

/** One active target of Prometheus's `/api/v1/targets` (the fields doctor reads). */
export interface PromTarget {
  scrapePool?: string;
  scrapeUrl?: string;
  health?: string;
  lastError?: string;
  labels?: Record<string, string>;
}

/** The rule id and area of the findings: a live probe of Prometheus, not an analyzer of the dump. */
export const SCRAPE_RULE = 'scrape-unauthorized';

const DENIED = /\b(401|403)\b|unauthori[sz]ed|forbidden/i;

/**
 * Findings for the targets Prometheus cannot scrape because the endpoint wants credentials (HTTP 401/403).
 * The Prometheus Operator names a ServiceMonitor's pool `serviceMonitor/<namespace>/<name>/<endpoint index>`,
 * so the finding points at the ServiceMonitor and the endpoint whose `authorization` to set.
 */
export function scrapeFindings(targets: readonly PromTarget[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const t of targets) {
    if (t.health !== 'down' || !DENIED.test(t.lastError ?? '')) continue;
    const m = /^(serviceMonitor|podMonitor)\/([^/]+)\/([^/]+)\/(\d+)$/.exec(t.scrapePool ?? '');
    const key = m ? `${m[2]}/${m[3]}/${m[4]}` : (t.scrapePool ?? t.scrapeUrl ?? '?');
    if (seen.has(key)) continue;
    seen.add(key);
    const kind = m?.[1] === 'podMonitor' ? 'PodMonitor' : 'ServiceMonitor';
    const field = m
      ? `spec.${kind === 'PodMonitor' ? 'podMetricsEndpoints' : 'endpoints'}[${m[4]}].authorization`
      : 'the endpoint authorization';
    out.push({
      rule: SCRAPE_RULE,
      area: 'probes',
      severity: 'error',
      status: 'fail',
      target: m ? { kind, namespace: m[2]!, name: m[3]! } : { kind: 'ScrapePool', name: key },
      message: `Prometheus cannot scrape ${t.scrapeUrl ?? key}: ${t.lastError} — the metrics endpoint wants credentials`,
      fix: `Give the scrape the credentials the application accepts: ${field} (type Bearer, credentials from a Secret key in the same namespace); for a platform service, its metrics.bearer names the Secret key render puts there (Qdrant: its API key).`,
    });
  }
  return out;
}

/** Reads `<prometheus>/api/v1/targets` and returns the findings, or one skipped finding saying why it could not. */
export async function probeScrapeTargets(
  baseUrl: string,
  io: { fetch: typeof fetch; timeoutMs?: number },
): Promise<Finding[]> {
  const url = new URL('/api/v1/targets?state=active', baseUrl).toString();
  try {
    const res = await io.fetch(url, { signal: AbortSignal.timeout(io.timeoutMs ?? 10_000) });
    const body = (await res.json()) as { status?: string; data?: { activeTargets?: PromTarget[] } };
    if (!res.ok || body.status !== 'success')
      throw new Error(`HTTP ${res.status}, status ${body.status ?? 'none'}`);
    return scrapeFindings(body.data?.activeTargets ?? []);
  } catch (err) {
    const why = `could not read Prometheus targets at ${url}: ${(err as Error).message}`;
    return [skippedFinding(SCRAPE_RULE, 'probes', why)];
  }
}
