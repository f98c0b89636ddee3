import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { ObserveContext } from '../types.ts';

/** A dashboard of the shai folder, rendered when one of its services is enabled. */
export interface DashboardDef {
  uid: string;
  title: string;
  /** It is rendered when any of these is enabled (empty: always). */
  services: readonly string[];
  build(ctx: ObserveContext): Dashboard;
}
