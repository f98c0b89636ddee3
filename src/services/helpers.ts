import type { BuildContext, ChartRef, ResourceSpec, ServiceDef } from './types.ts';

/** Requests and limits in one line: `resources('100m', '128Mi', '1', '512Mi')`. */
export function resources(reqCpu: string, reqMem: string, limCpu: string, limMem: string): ResourceSpec {
  return { requests: { cpu: reqCpu, memory: reqMem }, limits: { cpu: limCpu, memory: limMem } };
}

/** Reason used by operators and controllers that run one active replica (leader election). */
export const SINGLE_CONTROLLER =
  'a controller with leader election: one active replica is enough on a small cluster';

/** One replica at most, and why. */
export function singleReplica(reason: string): ServiceDef['scaling'] {
  return { defaultReplicas: 1, maxReplicas: 1, reason };
}

/** The build of a service that is one pinned chart and nothing else, its values from what was planned. */
export function chartOnly(
  chart: ChartRef,
  values: (self: BuildContext['self'], ctx: BuildContext) => Record<string, unknown>,
): ServiceDef['build'] {
  return (ctx) => ({ objects: [], chart: { ...chart, values: values(ctx.self, ctx) } });
}
