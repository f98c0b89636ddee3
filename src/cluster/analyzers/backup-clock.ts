/*
 * Shared by the stale-backup analyzers (velero-backup-stale, cnpg-backup-stale): when the cluster was read, and
 * how late a scheduled backup may be. A dump carries no time of its own, so the time is the newest heartbeat
 * the kubelets wrote on their Nodes (the Ready condition's lastHeartbeatTime; kubelet writes it at least every
 * nodeStatusReportFrequency, 5 minutes by default), which for a live read is within minutes of now too.
 */
import type { KubeObject } from '../../k8s/object.ts';
import { cronGapMinutes, GRACE_MINUTES, humanMinutes } from '../../config/cron-gap.ts';
import type { ClusterState } from '../state.ts';

/** When the cluster was read, as the newest Node heartbeat (epoch ms), or undefined when no Node has one. */
export function readAt(state: ClusterState): number | undefined {
  let newest: number | undefined;
  for (const n of state.objects('Node')) {
    const conditions = ((n as { status?: { conditions?: { lastHeartbeatTime?: string }[] } }).status
      ?.conditions ?? []) as { lastHeartbeatTime?: string }[];
    for (const c of conditions) {
      const t = Date.parse(c.lastHeartbeatTime ?? '');
      if (!Number.isNaN(t) && (newest === undefined || t > newest)) newest = t;
    }
  }
  return newest;
}

/** The longest gap of a five-field cron, or undefined when it is not one shai can read (a descriptor such as @daily). */
export function gapMinutes(cron: unknown): number | undefined {
  if (typeof cron !== 'string') return undefined;
  try {
    const gap = cronGapMinutes(cron);
    return Number.isFinite(gap) ? gap : undefined;
  } catch {
    return undefined;
  }
}

/** The newest of the backups' finish times (ISO, so they sort), or undefined when none finished. */
export function newestFinish<T>(backups: readonly T[], finishedAt: (b: T) => unknown): string | undefined {
  return backups
    .map(finishedAt)
    .filter((t): t is string => typeof t === 'string')
    .sort()
    .at(-1);
}

/**
 * How overdue a schedule is at `now`: the message, or undefined when it is not. `lastGood` is the newest good
 * backup's finish time; without one, the schedule is judged from when it was created.
 */
export function overdue(
  schedule: KubeObject,
  gap: number,
  lastGood: string | undefined,
  now: number,
): string | undefined {
  const since = lastGood ?? (schedule.metadata.creationTimestamp as string | undefined);
  if (!since || Number.isNaN(Date.parse(since))) return undefined;
  const minutes = Math.floor((now - Date.parse(since)) / 60_000);
  if (minutes <= gap + GRACE_MINUTES) return undefined;
  return lastGood
    ? `the last good backup finished ${humanMinutes(minutes)} before the cluster was read (${lastGood}); the schedule runs at least every ${humanMinutes(gap)}`
    : `no backup has completed in the ${humanMinutes(minutes)} since the schedule was created (${since}); it runs at least every ${humanMinutes(gap)}`;
}
