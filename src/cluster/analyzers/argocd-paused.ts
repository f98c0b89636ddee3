import type { Analyzer, FindingDraft } from '../analyzer.ts';
import { targetOf } from '../analyzer.ts';
import { PROMOTING_ANNOTATION } from '../../k8s/annotations.ts';
import {
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
 * Argo CD Applications it does not reconcile (`argocd.argoproj.io/skip-reconcile: "true"`, argo-cd v3.3.9
 * controller/appcontroller.go:2418-2430): neither Git changes nor self-heal reach the service. A
 * `shai backup restore --promote` that stopped leaves its service so on purpose (resuming would start it on
 * empty volumes), with what it was doing in `shai.dev/promoting`; anything else is a pause someone forgot.
 */
export const argocdPaused: Analyzer = {
  id: 'argocd-paused',
  area: 'gitops',
  title: 'Argo CD Applications paused (skip-reconcile)',
  docs: `Argo CD Applications carrying ${SKIP_RECONCILE}: "true", which Argo CD neither syncs nor heals. An error when a \`shai backup restore --promote\` stopped midway (its record in ${PROMOTING_ANNOTATION}: the backup, workloads, claims and Velero Restore), with the command that resumes it; a warning for any other pause.`,
  severity: 'error',
  needs: ['Application'],
  analyze(state) {
    const out: FindingDraft[] = [];
    for (const app of state.objects('Application')) {
      if (!isPaused(app)) continue;
      const service = app.metadata.name;
      const where = { namespace: app.metadata.namespace ?? 'argocd', name: service };
      const found = promotionRecord(app);
      if (!found) {
        out.push({
          target: targetOf(app),
          severity: 'warning',
          message: `paused (${SKIP_RECONCILE}: "true"): Argo CD does not sync ${service} to Git nor heal its drift`,
          fix: `Once whatever paused it is done: ${unpauseCommand(where)} (Argo CD then syncs ${service} to Git).`,
        });
        continue;
      }
      const doing =
        'record' in found ? recorded(found.record) : `its record is unreadable: ${found.unreadable}`;
      out.push({
        target: targetOf(app),
        message: `a shai backup restore --promote of ${service} stopped midway and left Argo CD paused (${SKIP_RECONCILE}: "true"), so it does not start ${service} on empty volumes; ${doing}`,
        fix: `Run ${promoteCommand(service)} again (add --to-namespace if the restore was not in shai-restore-${service}): it resumes the recorded promotion and lifts the pause once Velero's restore is Completed. ${giveUpAdvice(service, where)}`,
      });
    }
    return out;
  },
};
