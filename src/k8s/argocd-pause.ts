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

/** A workload whose pods mount a kept volume: deleted before the restore, brought back by it. */
export interface PromotedWorkload {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  /** Its pods' label selector: the promotion waits until none is left. */
  selector: Record<string, unknown>;
}

/**
 * What a promotion acts on (backup/promote-volumes.ts); recorded on the paused Application in
 * PROMOTING_ANNOTATION, so a second run resumes the same promotion and doctor can say what it was doing.
 */
export interface Promotion {
  /** The Velero Backup the proven scratch restore read. */
  backup: string;
  workloads: PromotedWorkload[];
  /** The claims of the kept volumes. */
  claims: string[];
  /** The PersistentVolumes the claims were bound to, set to Retain before the claims are deleted. */
  volumes?: string[];
  /** The in-place Velero Restore, once created. */
  restore?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNames = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string' && s !== '');
const isWorkload = (w: unknown): w is PromotedWorkload =>
  isObject(w) &&
  (w.kind === 'Deployment' || w.kind === 'StatefulSet') &&
  typeof w.name === 'string' &&
  w.name !== '' &&
  isObject(w.selector);

/** Why a parsed record is not a Promotion, or undefined when it is one. */
function shapeProblem(v: unknown): string | undefined {
  if (!isObject(v)) return 'not a JSON object';
  if (typeof v.backup !== 'string' || !v.backup) return 'it names no backup';
  if (!Array.isArray(v.workloads) || !v.workloads.every(isWorkload))
    return 'its workloads are not a list of Deployments and StatefulSets with a selector';
  if (!isNames(v.claims)) return 'its claims are not a list of names';
  if (v.volumes !== undefined && !isNames(v.volumes)) return 'its volumes are not a list of names';
  if (v.restore !== undefined && (typeof v.restore !== 'string' || !v.restore))
    return 'its restore is not a name';
  return undefined;
}

/**
 * The promotion recorded on the Application: undefined when there is none, `{ unreadable }` with the reason when
 * the record is not what pausePatch writes (anyone can edit an annotation; a record is refused, never half used).
 */
export function promotionRecord(app: KubeObject): { record: Promotion } | { unreadable: string } | undefined {
  const text = app.metadata.annotations?.[PROMOTING_ANNOTATION];
  if (!text) return undefined;
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (err) {
    return { unreadable: (err as Error).message };
  }
  const problem = shapeProblem(record);
  return problem ? { unreadable: problem } : { record: record as Promotion };
}

/** The command that lifts the pause by hand: both annotations removed, Argo CD syncs the Application to Git. */
export function unpauseCommand(app: { namespace: string; name: string }): string {
  return `kubectl -n ${app.namespace} annotate application ${app.name} ${SKIP_RECONCILE}- ${PROMOTING_ANNOTATION}-`;
}

/** The command that removes only a promotion's record, for a record left on an Application Argo CD reconciles again. */
export function dropRecordCommand(app: { namespace: string; name: string }): string {
  return `kubectl -n ${app.namespace} annotate application ${app.name} ${PROMOTING_ANNOTATION}-`;
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
