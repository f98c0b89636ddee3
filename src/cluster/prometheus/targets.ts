import type { Finding } from '../../report/types.ts';
import { scrapeFindings, type PromTarget } from '../scrape-targets.ts';

/** The finding id of a scrape target Prometheus reports down. */
export const TARGETS_RULE = 'prometheus-targets';

/**
 * Findings for the targets Prometheus reports down, one per scrape pool, pointing at the ServiceMonitor or
 * PodMonitor the operator named the pool after. Targets refused for credentials are scrape-unauthorized's.
 */
export function downTargetFindings(targets: readonly PromTarget[]): Finding[] {
  const unauthorized = new Set(scrapeFindings(targets).map((f) => `${f.target.namespace}/${f.target.name}`));
  const out = new Map<string, Finding>();
  for (const t of targets.filter((x) => x.health === 'down')) {
    const m = /^(serviceMonitor|podMonitor)\/([^/]+)\/([^/]+)\/\d+$/.exec(t.scrapePool ?? '');
    const target = m
      ? { kind: m[1] === 'podMonitor' ? 'PodMonitor' : 'ServiceMonitor', namespace: m[2]!, name: m[3]! }
      : { kind: 'ScrapePool', name: t.scrapePool ?? t.scrapeUrl ?? '?' };
    const key = `${target.namespace ?? ''}/${target.name}`;
    if (unauthorized.has(key) || out.has(key)) continue;
    out.set(key, {
      rule: TARGETS_RULE,
      area: 'probes',
      severity: 'warning',
      status: 'fail',
      target,
      ...(t.labels?.service ? { service: t.labels.service } : {}),
      message: `Prometheus cannot scrape ${t.scrapeUrl ?? key}: ${t.lastError || 'down'}`,
      fix: 'See docs/runbooks/ServiceTargetDown.md: the pod behind it is down, the port changed, or a NetworkPolicy keeps monitoring out.',
    });
  }
  return [...out.values()];
}
