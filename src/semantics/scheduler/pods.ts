import { isObject, workloads, type PodTemplate, type Yaml } from '../pods.ts';
import type { SourcedObject } from '../objects.ts';
import { podRequests, type Resources } from './requests.ts';

/** One pod the cluster would run, expanded from a workload: a replica, a Job pod, or a DaemonSet's pod. */
export interface SimPod {
  source: SourcedObject;
  template: PodTemplate;
  /** `replica 2/3`, `pod 1/1`; DaemonSet pods get their node later. */
  label: string;
  requests: Resources;
  wave: number;
  daemon: boolean;
  /** CronJob pods come and go: they must fit in what the others leave, but hold nothing for the next. */
  transient: boolean;
}

const WAVE = 'argocd.argoproj.io/sync-wave';

/** How many pods a workload object asks for (DaemonSets: one per eligible node, expanded by the simulation). */
function copies(o: SourcedObject): number {
  const spec: Yaml = isObject(o.object.spec) ? o.object.spec : {};
  switch (o.object.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
    case 'ReplicationController':
      return count(spec.replicas, 1);
    case 'Job':
      return count(spec.parallelism, 1);
    case 'CronJob':
      return count(spec.jobTemplate?.spec?.parallelism, 1);
    default:
      return 1;
  }
}

function count(v: unknown, dflt: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : dflt;
}

/** The sync wave of an object (Argo CD default 0). */
export function waveOf(o: SourcedObject): number {
  const w = Number.parseInt(o.object.metadata?.annotations?.[WAVE] ?? '0', 10);
  return Number.isNaN(w) ? 0 : w;
}

/** Every pod of the run, in placement order: long-running before CronJob pods, then sync wave, namespace/name, replica. */
export function expandPods(objects: readonly SourcedObject[]): SimPod[] {
  const out: SimPod[] = [];
  for (const w of workloads(objects)) {
    const requests = podRequests(w.template.spec);
    const wave = waveOf(w.source);
    const daemon = w.source.object.kind === 'DaemonSet';
    const n = daemon ? 1 : copies(w.source);
    for (let i = 1; i <= n; i++) {
      out.push({
        source: w.source,
        template: w.template,
        label: daemon ? 'daemon pod' : `pod ${i}/${n}`,
        requests,
        wave,
        daemon,
        transient: w.source.object.kind === 'CronJob',
      });
    }
  }
  return out.sort(
    (a, b) => Number(a.transient) - Number(b.transient) || a.wave - b.wave || cmp(keyOf(a), keyOf(b)),
  );
}

function keyOf(p: SimPod): string {
  const m = p.source.object.metadata;
  return `${m?.namespace ?? ''}/${m?.name}/${p.source.object.kind}/${p.label.padStart(12)}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
