import type { KubeObject, Manifest, ManifestEntry } from '../../k8s/object.ts';
import type { Plan } from '../../plan/types.ts';
import { objectMeta } from '../../k8s/meta.ts';
import { isPlanned, planned } from '../../build/refs.ts';
import { buildDashboards } from './dashboards/index.ts';
import { DASHBOARD_LABEL, FOLDER_ANNOTATION } from '../../observe/grafana.ts';
import { ruleGroups } from './rules.ts';

/** The service whose Prometheus loads the rules and whose Grafana's sidecar loads the dashboards. */
export const MONITORING_SERVICE = 'kube-prometheus-stack';

/** The Grafana folder of every shai dashboard. */
export const FOLDER = 'shai';

const meta = (
  plan: Plan,
  name: string,
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
) => {
  const m = objectMeta(planned(plan, MONITORING_SERVICE), name, { annotations });
  return { ...m, labels: { ...m.labels, ...labels } };
};

/**
 * What observability derives from the whole manifest: the platform's PrometheusRule (every enabled service's
 * alerts) and one dashboard ConfigMap per dashboard of an enabled service. Nothing without kube-prometheus-stack.
 */
export function observabilityObjects(plan: Plan, manifest: Manifest): Omit<ManifestEntry, 'path'>[] {
  if (!isPlanned(plan, MONITORING_SERVICE)) return [];
  const ctx = { plan, manifest };
  const rule: KubeObject = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: meta(plan, 'shai-platform'),
    spec: { groups: ruleGroups(ctx) },
  };
  const dashboards = buildDashboards(ctx).map(({ def, dashboard }): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(plan, `dashboard-${def.uid}`, DASHBOARD_LABEL, { [FOLDER_ANNOTATION]: FOLDER }),
    data: { [`${def.uid}.json`]: `${JSON.stringify(dashboard, null, 2)}\n` },
  }));
  return [rule, ...dashboards].map((object) => ({ service: MONITORING_SERVICE, object }));
}
