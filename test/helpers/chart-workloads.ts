/*
 * The resident workloads (Deployments, StatefulSets, DaemonSets, not hooks) each chart recording holds, with the
 * pod requests the scheduler counts: what src/check/chart-workloads.ts must declare.
 */
import type { ChartWorkload } from '../../src/check/chart-workloads.ts';
import { podRequests } from '../../src/semantics/scheduler/requests.ts';
import type { PodSpec } from '../../src/semantics/pods.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { recordedObjects } from './charts.ts';

const RESIDENT = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

const cpu = (cores = 0) => `${Math.round(cores * 1000)}m`;
const memory = (bytes = 0) => `${Math.round(bytes / 2 ** 20)}Mi`;

/** The workloads of one Application's recording, in recording order. */
export function recordedWorkloads(application: string): ChartWorkload[] {
  return recordedObjects(application)
    .filter((o) => RESIDENT.has(o.kind) && !o.metadata.annotations?.['helm.sh/hook'])
    .map((o: KubeObject) => {
      const spec = (o.spec ?? {}) as { replicas?: number; template?: { spec?: PodSpec } };
      const pod = spec.template?.spec ?? ({} as PodSpec);
      const r = podRequests(pod);
      const selector = pod.nodeSelector as Record<string, string> | undefined;
      const tolerations = pod.tolerations as Record<string, string>[] | undefined;
      return {
        application,
        kind: o.kind as ChartWorkload['kind'],
        name: o.metadata.name,
        ...(o.kind === 'DaemonSet' ? {} : { replicas: spec.replicas ?? 1 }),
        requests: { cpu: cpu(r.cpu), memory: memory(r.memory) },
        ...(selector && Object.keys(selector).length ? { nodeSelector: selector } : {}),
        ...(tolerations?.length ? { tolerations } : {}),
      };
    });
}

const CALL = { Deployment: 'deployment', StatefulSet: 'statefulSet', DaemonSet: 'daemonSet' } as const;

/** A workload as the line that declares it in src/check/chart-workloads.ts (the failing test prints these). */
export function workloadLine(w: ChartWorkload): string {
  const { application, kind, name, replicas, requests, ...pod } = w;
  const shape = { ...(replicas === undefined || replicas === 1 ? {} : { replicas }), ...pod };
  const args = [application, name, requests.cpu, requests.memory].map((a) => `'${a}'`);
  if (Object.keys(shape).length) args.push(JSON.stringify(shape));
  return `  ${CALL[kind]}(${args.join(', ')}),`;
}
