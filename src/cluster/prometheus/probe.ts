import type { Finding } from '../../report/types.ts';
import type { PromTarget } from '../scrape-targets.ts';
import { joinAlerts, type PromAlert } from './alerts.ts';
import { downTargetFindings } from './targets.ts';
import { skippedFinding } from '../skipped.ts';

/** Reads one Prometheus API path; the `data` of a successful answer, else an error naming what came back. */
async function api<T>(
  baseUrl: string,
  path: string,
  io: { fetch: typeof fetch; timeoutMs?: number },
): Promise<T> {
  const url = new URL(path, baseUrl).toString();
  const res = await io.fetch(url, {
    signal: AbortSignal.timeout(io.timeoutMs ?? 10_000),
    redirect: 'manual',
  });
  const body = (await res.json().catch(() => ({}))) as { status?: string; data?: T };
  if (!res.ok || body.status !== 'success' || body.data === undefined)
    throw new Error(`${url}: HTTP ${res.status}${body.status ? `, status ${body.status}` : ''}`);
  return body.data;
}

/**
 * `shai doctor --probe` against Prometheus: the firing alerts join doctor's findings (evidence on the object they
 * name, or findings of their own) and the down scrape targets become findings. When Prometheus cannot be read,
 * one skipped finding says why and the findings are returned as they were.
 */
export async function probePrometheus(
  findings: readonly Finding[],
  baseUrl: string,
  io: { fetch: typeof fetch; timeoutMs?: number },
): Promise<Finding[]> {
  try {
    const [alerts, targets] = await Promise.all([
      api<{ alerts: PromAlert[] }>(baseUrl, '/api/v1/alerts', io),
      api<{ activeTargets: PromTarget[] }>(baseUrl, '/api/v1/targets?state=active', io),
    ]);
    return [...joinAlerts(findings, alerts.alerts ?? []), ...downTargetFindings(targets.activeTargets ?? [])];
  } catch (err) {
    return [
      ...findings,
      skippedFinding(
        'prometheus-alerts',
        'probes',
        `could not read Prometheus at ${baseUrl}: ${(err as Error).message}`,
        'Outside the cluster Prometheus sits behind forward-auth: `kubectl port-forward -n monitoring svc/kube-prometheus-stack-prometheus 9090` and pass --prometheus http://localhost:9090.',
      ),
    ];
  }
}
