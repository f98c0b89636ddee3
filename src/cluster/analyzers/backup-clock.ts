/*
 * Shared by the stale-backup analyzers (velero-backup-stale, cnpg-backup-stale): when the cluster was read, and
 * how late a scheduled backup may be. A dump carries no time of its own, so the time is the newest heartbeat
 * the kubelets wrote on their Nodes (the Ready condition's lastHeartbeatTime; kubelet writes it at least every
 * nodeStatusReportFrequency, 5 minutes by default), which for a live read is within minutes of now too.
 */
import type { KubeObject } from '../../k8s/object.ts';
import { cronGapMinutes } from '../../config/cron-gap.ts';
import type { ClusterState } from '../state.ts';

/** A run may take a while after its scheduled minute: this much past the schedule is not yet stale (as `shai backup status`). */
export const GRACE_MINUTES = 60;

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

/** "3d 4h" */
export function age(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return [d ? `${d}d` : '', h ? `${h}h` : '', !d && m ? `${m}m` : ''].filter(Boolean).join(' ') || '0m';
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
    ? `the last good backup finished ${age(minutes)} before the cluster was read (${lastGood}); the schedule runs at least every ${age(gap)}`
    : `no backup has completed in the ${age(minutes)} since the schedule was created (${since}); it runs at least every ${age(gap)}`;
}
