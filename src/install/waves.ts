import type { KubeObject } from '../k8s/object.ts';

/** Where an Application stands, as Argo CD reports it in its status. */
export interface AppStatus {
  name: string;
  wave: number;
  /** Destination namespace: where doctor looks for the cause. */
  namespace: string;
  /** `Synced`, `OutOfSync`, `Unknown`, or `Missing` while the root has not created it yet. */
  sync: string;
  /** `Healthy`, `Progressing`, `Degraded`, `Suspended`, `Missing`, `Unknown`. */
  health: string;
  /** The last sync operation's phase (`Running`, `Succeeded`, `Failed`, `Error`), if any. */
  phase?: string;
  /** Why, when Argo CD says: the operation's message, an error condition or the health message. */
  message?: string;
}

const WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** The sync wave of an Application (0 without the annotation, as Argo CD reads it). */
export function waveOf(app: KubeObject): number {
  const w = Number(app.metadata.annotations?.[WAVE_ANNOTATION] ?? 0);
  return Number.isFinite(w) ? w : 0;
}

interface AppFields {
  spec?: { destination?: { namespace?: string } };
  status?: {
    sync?: { status?: string };
    health?: { status?: string; message?: string };
    operationState?: { phase?: string; message?: string };
    conditions?: { type?: string; message?: string }[];
  };
}

/** The status of one rendered Application: `live` is the cluster's copy, undefined while it does not exist. */
export function appStatus(rendered: KubeObject, live: KubeObject | undefined): AppStatus {
  const base = {
    name: rendered.metadata.name,
    wave: waveOf(rendered),
    namespace: (rendered as AppFields).spec?.destination?.namespace ?? rendered.metadata.namespace ?? '',
  };
  if (!live) return { ...base, sync: 'Missing', health: 'Missing' };
  const s = (live as AppFields).status ?? {};
  const error = s.conditions?.find((c) => /Error$/.test(c.type ?? ''));
  const message = s.operationState?.message ?? error?.message ?? s.health?.message;
  return {
    ...base,
    sync: s.sync?.status ?? 'Unknown',
    health: s.health?.status ?? 'Unknown',
    ...(s.operationState?.phase ? { phase: s.operationState.phase } : {}),
    ...(message ? { message } : {}),
  };
}

/** True when the Application is where the wave wants it. */
export const isDone = (a: AppStatus) => a.sync === 'Synced' && a.health === 'Healthy';

/** Why the Application failed, or undefined while it may still get there. */
export function failure(a: AppStatus): string | undefined {
  if (a.phase === 'Failed' || a.phase === 'Error')
    return `sync ${a.phase.toLowerCase()}${a.message ? `: ${a.message}` : ''}`;
  if (a.health === 'Degraded') return `degraded${a.message ? `: ${a.message}` : ''}`;
  return undefined;
}

/** The Applications grouped by wave, waves ascending, names sorted within a wave. */
export function byWave(apps: readonly KubeObject[]): [number, KubeObject[]][] {
  const waves = new Map<number, KubeObject[]>();
  for (const a of apps) waves.set(waveOf(a), [...(waves.get(waveOf(a)) ?? []), a]);
  return [...waves]
    .sort(([a], [b]) => a - b)
    .map(([w, list]) => [w, list.sort((x, y) => (x.metadata.name < y.metadata.name ? -1 : 1))]);
}

/** `1m05s` */
export function elapsedText(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** The progress table of one wave: Application, wave, sync, health, elapsed. */
export function progressTable(apps: readonly AppStatus[], elapsedMs: number): string[] {
  const w = Math.max(11, ...apps.map((a) => a.name.length));
  const head = `${'APPLICATION'.padEnd(w)}  WAVE  ${'SYNC'.padEnd(9)}  ${'HEALTH'.padEnd(11)}  ELAPSED`;
  return [
    head,
    ...apps.map(
      (a) =>
        `${a.name.padEnd(w)}  ${String(a.wave).padStart(4)}  ${a.sync.padEnd(9)}  ${a.health.padEnd(11)}  ${elapsedText(elapsedMs)}`,
    ),
  ];
}
