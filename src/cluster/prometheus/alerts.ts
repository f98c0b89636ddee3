import type { Finding, Severity, Target } from '../../report/types.ts';

/** One alert of Prometheus's `/api/v1/alerts` (the fields doctor reads; the same in Prometheus 2.x and 3.x). */
export interface PromAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  state: string;
  activeAt?: string;
}

/** The finding id of a firing alert no analyzer finding already stands for. */
export const ALERTS_RULE = 'prometheus-alerts';

// The label that names the object an alert is about, most specific first, and the kind it names.
const OBJECT_LABELS: [label: string, kind: string][] = [
  ['pod', 'Pod'],
  ['deployment', 'Deployment'],
  ['statefulset', 'StatefulSet'],
  ['daemonset', 'DaemonSet'],
  ['job_name', 'Job'],
  ['persistentvolumeclaim', 'PersistentVolumeClaim'],
  ['cluster', 'Cluster'],
];

/** The object an alert names: a workload, pod, claim or node from its labels, else its service. */
export function alertTarget(labels: Record<string, string>): Target {
  for (const [label, kind] of OBJECT_LABELS)
    if (labels[label]) return { kind, namespace: labels.namespace, name: labels[label]! };
  if (labels.alertname?.startsWith('ArgoCdApp') && labels.name)
    return { kind: 'Application', namespace: 'argocd', name: labels.name };
  if (labels.node) return { kind: 'Node', name: labels.node };
  return { kind: 'Service', name: labels.service ?? labels.alertname ?? 'unknown' };
}

/** Is a finding about this object, or about a pod of this workload (`<workload>-<hash>-<id>`)? */
function about(f: Finding, t: Target): boolean {
  if (f.target.namespace !== t.namespace && t.kind !== 'Node') return false;
  if (f.target.kind === t.kind && f.target.name === t.name) return true;
  const workload = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'Cluster'].includes(t.kind);
  return workload && f.target.kind === 'Pod' && f.target.name.startsWith(`${t.name}-`);
}

const SEVERITY: Record<string, Severity> = { critical: 'error', warning: 'warning' };

const describe = (a: PromAlert) =>
  `${a.labels.alertname} firing${a.activeAt ? ` since ${a.activeAt.slice(0, 19)}Z` : ''}${a.annotations?.summary ? `: ${a.annotations.summary}` : ''}`;

/**
 * Joins the firing alerts to doctor's findings: an alert about an object a failing finding already names becomes
 * evidence on that finding (its message says so); any other becomes a finding of its own, pointing at the object
 * its labels name and at its runbook. Pending alerts are left out: they have not held for their `for` yet.
 */
export function joinAlerts(findings: readonly Finding[], alerts: readonly PromAlert[]): Finding[] {
  const out = findings.map((f) => ({ ...f }));
  for (const a of alerts.filter(
    (x) => x.state === 'firing' && x.labels.alertname !== 'Watchdog' && x.labels.severity !== 'none',
  )) {
    const target = alertTarget(a.labels);
    const backed = out.filter((f) => (f.status === 'fail' || f.status === 'error') && about(f, target));
    for (const f of backed) f.message = `${f.message} (Prometheus agrees: ${describe(a)})`;
    if (backed.length) continue;
    out.push({
      rule: ALERTS_RULE,
      area: 'probes',
      severity: SEVERITY[a.labels.severity ?? ''] ?? 'info',
      status: 'fail',
      target,
      ...(a.labels.service ? { service: a.labels.service } : {}),
      message: describe(a),
      fix: a.annotations?.runbook_url
        ? `Follow its runbook: ${a.annotations.runbook_url}`
        : 'Read the alert in Alertmanager.',
    });
  }
  return out;
}
