/*
 * Argo CD's per-Application pause as `shai backup restore --promote` uses it, on the floor both the promotion
 * (backup/promote-volumes.ts) and doctor (cluster/analyzers/argocd-paused.ts) read: the key, how a pause
 * shai recorded is read back, and the one command that lifts it.
 */
import { PROMOTING_ANNOTATION } from './annotations.ts';
import type { KubeObject } from './object.ts';

/**
 * Argo CD's per-Application pause (argo-cd v3.3.9 common/common.go:235). canProcessApp
 * (controller/appcontroller.go:2418-2430) drops an Application carrying it from the informer's add, update and
 * delete handlers (:2517-2568) and from the refreshes a changed managed object asks for (:458), so neither a
 * refresh nor self-heal runs for it. The parent (root) Application does not revert it: it syncs with client-side
 * apply, and its three-way diff against the last-applied configuration predicts the live object with every field
 * neither Git nor the last apply named kept (gitops-engine/pkg/diff/diff.go:119-128, :692-720; without a
 * last-applied configuration the two-way diff is the same three-way one, :515-518; server-side diff is off unless
 * turned on, cmd/argocd-application-controller/commands/argocd_application_controller.go:302). That diff's answer
 * is recorded in test/fixtures/argocd/pause-diff.json (test/backup/argocd-pause-diff.test.ts).
 */
export const SKIP_RECONCILE = 'argocd.argoproj.io/skip-reconcile';

/** The values Go's strconv.ParseBool reads as true, which is how Argo CD reads the annotation (appcontroller.go:2421). */
const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);

/** True when Argo CD skips the Application: the annotation's value parses as true, as Argo CD parses it. */
export const isPaused = (app: KubeObject) => TRUE.has(app.metadata.annotations?.[SKIP_RECONCILE] ?? '');

/**
 * What a promotion recorded on the Application (JSON, see backup/promote-volumes.ts Promotion): undefined when
 * there is no record, `{ unreadable }` when the record is not a JSON object.
 */
export function promotionRecord(
  app: KubeObject,
): { record: Record<string, unknown> } | { unreadable: string } | undefined {
  const text = app.metadata.annotations?.[PROMOTING_ANNOTATION];
  if (!text) return undefined;
  try {
    const record: unknown = JSON.parse(text);
    if (record && typeof record === 'object' && !Array.isArray(record))
      return { record: record as Record<string, unknown> };
    return { unreadable: 'not a JSON object' };
  } catch (err) {
    return { unreadable: (err as Error).message };
  }
}

/** The command that lifts the pause by hand: both annotations removed, Argo CD syncs the Application to Git. */
export function unpauseCommand(app: { namespace: string; name: string }): string {
  return `kubectl -n ${app.namespace} annotate application ${app.name} ${SKIP_RECONCILE}- ${PROMOTING_ANNOTATION}-`;
}

/** The command that promotes the service's proven restore, or resumes the promotion recorded on its Application. */
export function promoteCommand(service: string): string {
  return `shai backup restore --service ${service} --promote`;
}

/**
 * How to give a stopped promotion up, in the one sentence the promotion prints when it stops and doctor prints
 * when it finds it later: Argo CD recreates what the promotion deleted from Git, with empty volumes.
 */
export function giveUpAdvice(service: string, app: { namespace: string; name: string }): string {
  return `To give up and let Argo CD recreate ${service} from Git with EMPTY volumes: ${unpauseCommand(app)}`;
}
