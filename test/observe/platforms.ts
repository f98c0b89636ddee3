import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { buildDashboards, dashboardExpressions } from '../../src/render/observe/dashboards/index.ts';
import { alertGroups } from '../../src/render/observe/rules.ts';
import type { AlertSpec, ObserveContext } from '../../src/observe/types.ts';
import { built } from '../render/system-helpers.ts';

const root = resolve(import.meta.dirname, '../..');

/** The default platform and every example. */
export const PLATFORMS = [
  'platform.yaml',
  ...readdirSync(resolve(root, 'examples'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `examples/${f}`),
];

/** What observability renders for one platform file. */
export interface Observed {
  ctx: ObserveContext;
  alerts: AlertSpec[];
  dashboards: { uid: string; dashboard: Dashboard; exprs: string[] }[];
}

const cache = new Map<string, Promise<Observed>>();

/** Builds a platform file once per test run. */
export function observed(file: string): Promise<Observed> {
  if (!cache.has(file))
    cache.set(
      file,
      built(file).then(({ plan, manifest }) => {
        const ctx = { plan, manifest };
        return {
          ctx,
          alerts: alertGroups(ctx).flatMap((g) => g.alerts),
          dashboards: buildDashboards(ctx).map(({ def, dashboard }) => ({
            uid: def.uid,
            dashboard,
            exprs: dashboardExpressions(dashboard),
          })),
        };
      }),
    );
  return cache.get(file)!;
}
