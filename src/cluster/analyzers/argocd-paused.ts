import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import { PROMOTING_ANNOTATION } from '../../k8s/annotations.ts';
import {
  dropRecordCommand,
  giveUpAdvice,
  isPaused,
  promoteCommand,
  promotionRecord,
  SKIP_RECONCILE,
  unpauseCommand,
  type Promotion,
} from '../../k8s/argocd-pause.ts';

const names = (v: readonly string[] | undefined) => (v?.length ? v.join(', ') : undefined);

/** What a promotion record says it was doing, in words. */
function recorded(p: Promotion): string {
  const workloads = names(p.workloads.map((w) => w.name));
  const parts = [
    `from Velero Backup ${p.backup}`,
    workloads ? `workloads ${workloads}` : undefined,
    names(p.claims) ? `claims ${names(p.claims)}` : undefined,
    p.restore ? `Velero Restore ${p.restore}` : 'no restore created yet',
    names(p.volumes) ? `old volumes kept: ${names(p.volumes)}` : undefined,
  ].filter(Boolean);
  return parts.join('; ');
}

/**
 * Argo CD Applications it does not reconcile (argocd.argoproj.io/skip-reconcile read as true, argo-cd v3.3.9
 * controller/appcontroller.go:2418-2430): neither Git changes nor self-heal reach the service. A
 * `shai backup restore --promote` that stopped leaves its service so on purpose (resuming would start it on
 * empty volumes), with what it was doing in `shai.dev/promoting`; a pause without that record is someone else's.
 * A record without the pause was left behind when the pause was lifted by hand, and the next promotion of the
 * service would resume it (backup/promote-volumes.ts recordedPromotion reads the record first).
 */
export const argocdPaused: Analyzer = {
  id: 'argocd-paused',
  area: 'gitops',
  title: 'Argo CD Applications paused (skip-reconcile)',
  docs: `Argo CD Applications carrying ${SKIP_RECONCILE} with a value Argo CD reads as true (Go's strconv.ParseBool: true, True, TRUE, t, T, 1), which Argo CD neither syncs nor heals. An error when a \`shai backup restore --promote\` stopped midway (its record in ${PROMOTING_ANNOTATION}: the backup, workloads, claims and Velero Restore, or that the record is unreadable), with the command that resumes it and the one that gives it up; a warning for any other pause, and for a record left on an Application Argo CD reconciles again (the next promotion of that service would resume it).`,
  severity: 'error',
  needs: ['Application'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const app of state.objects('Application')) {
      const paused = isPaused(app);
      const found = promotionRecord(app);
      if (!paused && !found) continue;
      const service = app.metadata.name;
      const where = { namespace: app.metadata.namespace ?? 'argocd', name: service };
      const pause = `${SKIP_RECONCILE}: "${app.metadata.annotations?.[SKIP_RECONCILE]}"`;
      const doing = !found
        ? ''
        : 'record' in found
          ? recorded(found.record)
          : `its record is unreadable: ${found.unreadable}`;
      if (!paused)
        out.push({
          target: targetOf(app),
          severity: 'warning',
          message: `carries the record of a shai backup restore --promote of ${service} that stopped (${PROMOTING_ANNOTATION}), but Argo CD reconciles ${service} again: the pause was lifted by hand, so Argo CD may have recreated what the promotion deleted, with empty volumes; ${doing}`,
          fix: `Check ${service}'s data, then drop the record: ${dropRecordCommand(where)}. While it is there, ${promoteCommand(service)} resumes that old promotion instead of promoting the newest proven restore.`,
        });
      else if (!found)
        out.push({
          target: targetOf(app),
          severity: 'warning',
          message: `paused (${pause}): Argo CD does not sync ${service} to Git nor heal its drift`,
          fix: `Once whatever paused it is done: ${unpauseCommand(where)} (Argo CD then syncs ${service} to Git).`,
        });
      else
        out.push({
          target: targetOf(app),
          message: `a shai backup restore --promote of ${service} stopped midway (unless one is running right now) and left Argo CD paused (${pause}), so it does not start ${service} on empty volumes; ${doing}`,
          fix: `If no promotion of ${service} is running now, run ${promoteCommand(service)} again (add --to-namespace if the restore was not in shai-restore-${service}): it resumes the recorded promotion and lifts the pause once Velero's restore is Completed. ${giveUpAdvice(service, where)}`,
        });
    }
    return out;
  },
};
