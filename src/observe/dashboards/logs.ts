import { CustomVariableBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboard, LOGS_UID, logs } from './panels.ts';
import type { DashboardDef } from './types.ts';

/** Loki: the logs of one namespace (every service row links here with its namespace). */
export const logsDashboard: DashboardDef = {
  uid: LOGS_UID,
  title: 'Logs',
  services: ['loki'],
  build: ({ plan }) =>
    dashboard(
      LOGS_UID,
      'Logs',
      [{ title: 'Logs of $namespace', panels: [logs('$namespace', '{namespace="$namespace"}')] }],
      (d) =>
        d.withVariable(
          new CustomVariableBuilder('namespace').label('Namespace').values(plan.namespaces.join(',')),
        ),
    ),
};
