import type { KubeObject } from '../k8s/object.ts';
import { deliveryOf } from './delivery.ts';
import type { SourcedObject } from './types.ts';

/*
 * Argo CD's resource hooks, as argo-cd v3.3.9 (the app version of the argo-cd chart 9.5.11 shai pins) runs them:
 * - gitops-engine/pkg/sync/hook/hook.go: an object is a hook when it has `argocd.argoproj.io/hook` (unless its
 *   only type is Skip) or `helm.sh/hook` (unless it is `crd-install`); Argo CD types win over Helm's.
 * - gitops-engine/pkg/sync/hook/helm/type.go: Helm's pre-install and pre-upgrade become PreSync, post-install and
 *   post-upgrade PostSync, on every sync (Argo CD does not tell an install from an upgrade); no other Helm type
 *   has a sync phase.
 * - gitops-engine/pkg/sync/sync_phase.go: a hook runs in the phases of its types among PreSync, Sync, PostSync
 *   and SyncFail; an object whose only type is Skip is never applied.
 * - controller/hook.go and state.go: PreDelete/PostDelete (and Helm's pre-delete/post-delete) run when the
 *   Application is deleted, not during a sync.
 * - gitops-engine/pkg/sync/syncwaves/waves.go: the wave is `argocd.argoproj.io/sync-wave`, else
 *   `helm.sh/hook-weight`, else 0.
 * So Helm's test, pre-rollback and post-rollback hooks (and unknown types) never run under Argo CD.
 */

export const ARGO_HOOK = 'argocd.argoproj.io/hook';
export const HELM_HOOK = 'helm.sh/hook';
const WAVE = 'argocd.argoproj.io/sync-wave';
const HELM_WEIGHT = 'helm.sh/hook-weight';

/** A sync phase, in the order Argo CD runs them (SyncFail only after a failed sync). */
export type SyncPhase = 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail';
const PHASES: readonly SyncPhase[] = ['PreSync', 'Sync', 'PostSync', 'SyncFail'];
const HELM_PHASES: Readonly<Record<string, SyncPhase>> = {
  'pre-install': 'PreSync',
  'pre-upgrade': 'PreSync',
  'post-install': 'PostSync',
  'post-upgrade': 'PostSync',
};

/** When Argo CD applies an object. */
export type Run =
  /** A normal resource (Sync phase) or a sync hook, in these phases, at this wave, on every sync. */
  | { kind: 'sync'; hook: boolean; phases: SyncPhase[]; wave: number; annotation: string }
  /** A PreDelete or PostDelete hook: it runs when the Application is deleted (before or after its resources go). */
  | { kind: 'delete'; phase: 'PreDelete' | 'PostDelete'; annotation: string }
  /** Never applied: a Skip object, or a hook with no phase Argo CD runs. */
  | { kind: 'never'; annotation: string; why: string };

/** When Argo CD applies `o` (objects without hook annotations: the Sync phase, on every sync). */
export function runOf(o: KubeObject): Run {
  const ann = o.metadata?.annotations ?? {};
  const argo = csv(ann[ARGO_HOOK]);
  const helm = ann[HELM_HOOK] !== undefined ? csv(ann[HELM_HOOK]) : undefined;
  const argoKnown = argo.filter((t) => (PHASES as readonly string[]).includes(t) || t === 'Skip');
  const wave = waveOf(ann);
  const label =
    ann[ARGO_HOOK] !== undefined
      ? `${ARGO_HOOK}: ${ann[ARGO_HOOK]}`
      : `${HELM_HOOK}: ${ann[HELM_HOOK] ?? ''}`;
  if (argoKnown.length === 1 && argoKnown[0] === 'Skip')
    return { kind: 'never', annotation: label, why: 'Argo CD skips objects whose hook type is Skip' };
  const isHook = ann[ARGO_HOOK] !== undefined || (helm !== undefined && ann[HELM_HOOK] !== 'crd-install');
  if (!isHook) return { kind: 'sync', hook: false, phases: ['Sync'], wave, annotation: '' };
  const types: string[] = argoKnown.length
    ? argoKnown
    : (helm ?? []).map((t) => HELM_PHASES[t] ?? '').filter(Boolean);
  const phases = PHASES.filter((p) => types.includes(p));
  if (phases.length) return { kind: 'sync', hook: true, phases, wave, annotation: label };
  const deletion = deletePhase(argo, helm);
  if (deletion) return { kind: 'delete', phase: deletion, annotation: label };
  return {
    kind: 'never',
    annotation: label,
    why: `Argo CD never runs a hook of type ${types.length ? types.join(', ') : (argo.length ? argo : (helm ?? [])).join(', ')}`,
  };
}

/** The deletion phase Argo CD's controller runs the object in, if it is a PreDelete or PostDelete hook (controller/hook.go). */
function deletePhase(argo: string[], helm: string[] | undefined): 'PreDelete' | 'PostDelete' | undefined {
  if (argo.includes('PreDelete') || helm?.includes('pre-delete')) return 'PreDelete';
  if (argo.includes('PostDelete') || helm?.includes('post-delete')) return 'PostDelete';
  return undefined;
}

function waveOf(ann: Record<string, string>): number {
  for (const key of [WAVE, HELM_WEIGHT]) {
    const text = ann[key];
    // Go's strconv.Atoi: an optional sign and decimal digits, nothing else
    if (text !== undefined && /^[+-]?\d+$/.test(text)) return Number.parseInt(text, 10);
  }
  return 0;
}

/** gitops-engine's GetAnnotationCSVs: comma-separated, trimmed, empty items dropped. */
function csv(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The objects Argo CD applies, and those it never does (run kind `never`). Only objects an Application delivers
 * are split: what no Application delivers is not applied by Argo CD at all, and is judged as written.
 */
export function splitApplied(objects: SourcedObject[]): {
  applied: SourcedObject[];
  notApplied: SourcedObject[];
} {
  let notApplied: SourcedObject[] | undefined;
  for (const o of objects) if (mayBeHook(o) && runOf(o.object).kind === 'never') (notApplied ??= []).push(o);
  if (!notApplied) return { applied: objects, notApplied: [] };
  const d = deliveryOf(objects);
  notApplied = notApplied.filter((o) => d.by(o));
  const skip = new Set(notApplied);
  return { applied: skip.size ? objects.filter((o) => !skip.has(o)) : objects, notApplied };
}

/** A cheap pre-test: only objects with a hook annotation can be anything but a normal resource. */
function mayBeHook(o: SourcedObject): boolean {
  const ann = o.object.metadata?.annotations;
  return !!ann && (ann[ARGO_HOOK] !== undefined || ann[HELM_HOOK] !== undefined);
}
