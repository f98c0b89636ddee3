import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { isPlanned } from '../../../build/refs.ts';
import type { ObserveContext } from '../../../observe/types.ts';
import {
  keycloakDashboard,
  longhornDashboard,
  n8nDashboard,
  openWebuiDashboard,
  postgresDashboard,
  qdrantDashboard,
  traefikDashboard,
  valkeyDashboard,
  veleroDashboard,
} from './families.ts';
import { gpuModelsDashboard } from './gpu-models.ts';
import { logsDashboard } from '../../../observe/dashboards/logs.ts';
import { overviewDashboard } from './overview.ts';
import type { DashboardDef } from '../../../observe/dashboards/types.ts';

/** Every dashboard of the shai folder, in one list. */
export const DASHBOARDS: readonly DashboardDef[] = [
  overviewDashboard,
  gpuModelsDashboard,
  openWebuiDashboard,
  keycloakDashboard,
  n8nDashboard,
  qdrantDashboard,
  postgresDashboard,
  valkeyDashboard,
  longhornDashboard,
  veleroDashboard,
  traefikDashboard,
  logsDashboard,
];

/** The dashboards of the enabled services, built. */
export function buildDashboards(ctx: ObserveContext): { def: DashboardDef; dashboard: Dashboard }[] {
  return DASHBOARDS.filter((d) => !d.services.length || d.services.some((s) => isPlanned(ctx.plan, s))).map(
    (def) => ({
      def,
      dashboard: def.build(ctx),
    }),
  );
}

/** Every Prometheus expression of a built dashboard (Loki queries excluded). */
export function dashboardExpressions(d: Dashboard): string[] {
  const out: string[] = [];
  for (const p of d.panels ?? []) {
    const panel = p as {
      datasource?: { type?: string };
      targets?: { expr?: string; datasource?: { type?: string } }[];
    };
    for (const t of panel.targets ?? [])
      if (t.expr && (t.datasource ?? panel.datasource)?.type === 'prometheus') out.push(t.expr);
  }
  return out;
}
