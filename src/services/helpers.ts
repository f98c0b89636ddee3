import type { ResourceSpec } from './types.ts';

/** Requests and limits in one line: `resources('100m', '128Mi', '1', '512Mi')`. */
export function resources(reqCpu: string, reqMem: string, limCpu: string, limMem: string): ResourceSpec {
  return { requests: { cpu: reqCpu, memory: reqMem }, limits: { cpu: limCpu, memory: limMem } };
}

/** Reason used by operators and controllers that run one active replica (leader election). */
export const SINGLE_CONTROLLER =
  'a controller with leader election: one active replica is enough on a small cluster';
