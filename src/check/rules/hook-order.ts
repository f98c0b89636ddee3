import { deliveryOf } from '../delivery.ts';
import { runOf, type Run, type SyncPhase } from '../hooks.ts';
import { isObject, workloads, type PodTemplate } from '../../semantics/pods.ts';
import { podRefs } from '../../semantics/refs.ts';
import { fail, nsOf, pass, skipped, where } from '../result.ts';
import type { Rule, RuleContext, RuleResult, SourcedObject } from '../types.ts';

const PHASE_ORDER: Readonly<Record<SyncPhase, number>> = { PreSync: -1, Sync: 0, PostSync: 1, SyncFail: 2 };

/** A step of one Application's sync: Argo CD applies a step's objects together, and the next step once they are done. */
interface Step {
  phase: SyncPhase;
  wave: number;
}

/** An object a hook's pods need before they can start. */
interface Need {
  kinds: string[];
  name: string;
  what: string;
  jsonPath: string;
}

/** Sync hooks run after the objects their pods need; hooks Argo CD never runs are named, not judged. */
export const hookOrder: Rule = {
  id: 'hook-order',
  title: 'Hooks run after what their pods need',
  severity: 'error',
  family: 'gitops',
  targets: ['Pod', 'Job', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'CronJob'],
  fix:
    'Deliver what the hook needs in an earlier phase or wave (as a hook of the same phase with a lower wave or ' +
    'helm.sh/hook-weight), or turn the hook off when Argo CD has no use for it (e.g. Longhorn preUpgradeChecker.jobEnabled: false).',
  docs:
    'Argo CD syncs an Application in steps: PreSync hooks, then the Sync phase (normal resources and Sync hooks), then ' +
    'PostSync hooks, each phase wave by wave (`argocd.argoproj.io/sync-wave`, for Helm hooks `helm.sh/hook-weight`); a step ' +
    "starts when the one before it is done. Helm's pre-install and pre-upgrade hooks are PreSync and its post-install and " +
    'post-upgrade hooks PostSync, on every sync (argo-cd v3.3.9, gitops-engine pkg/sync/hook/helm/type.go). A hook whose pods ' +
    'need a ServiceAccount, Secret, ConfigMap or PersistentVolumeClaim that the same Application creates only in a later step ' +
    "never starts: the pod is refused or stays pending, the hook times out and the sync fails, every time (Longhorn's " +
    "pre-upgrade Job ran as a ServiceAccount of the Sync phase). PostDelete hooks run after the Application's resources are " +
    'deleted, so they cannot need them. Helm test and rollback hooks, and objects whose only hook type is Skip, are never ' +
    'applied by Argo CD: each is reported skipped with the reason, and no other rule judges it.',
  check: (ctx) => {
    const out: RuleResult[] = [];
    for (const o of ctx.notApplied ?? []) {
      const run = runOf(o.object);
      if (run.kind === 'never')
        out.push(skipped(o, `${run.annotation}: never applied by Argo CD (${run.why}); not judged`));
    }
    const d = deliveryOf(ctx.objects);
    for (const w of workloads(ctx.objects)) {
      const run = runOf(w.source.object);
      const app = d.by(w.source);
      if (!app || (run.kind === 'sync' && !run.hook)) continue;
      const late = needs(w.template).flatMap((n) => lateNeed(ctx, w.source, run, app, n));
      if (!late.length) out.push(pass(w.source));
      else for (const l of late) out.push(l);
    }
    return out;
  },
};

/** What a pod template needs to start: its ServiceAccount, and the non-optional Secrets, ConfigMaps and claims it mounts. */
function needs(t: PodTemplate): Need[] {
  const out: Need[] = [];
  const field = t.spec.serviceAccountName !== undefined ? 'serviceAccountName' : 'serviceAccount';
  const sa = t.spec[field];
  if (typeof sa === 'string' && sa && sa !== 'default')
    out.push({
      kinds: ['ServiceAccount'],
      name: sa,
      what: `runs as ServiceAccount ${sa}`,
      jsonPath: `${t.jsonPathPrefix}.${field}`,
    });
  for (const r of podRefs(t, 'secret'))
    if (!r.optional)
      out.push({
        kinds: ['Secret', 'SealedSecret'],
        name: r.name,
        what: `${r.via} needs Secret ${r.name}`,
        jsonPath: r.jsonPath,
      });
  for (const r of podRefs(t, 'configMap'))
    if (!r.optional)
      out.push({
        kinds: ['ConfigMap'],
        name: r.name,
        what: `${r.via} needs ConfigMap ${r.name}`,
        jsonPath: r.jsonPath,
      });
  (Array.isArray(t.spec.volumes) ? t.spec.volumes : []).forEach((v, i) => {
    const claim =
      isObject(v) && isObject(v.persistentVolumeClaim) ? v.persistentVolumeClaim.claimName : undefined;
    if (typeof claim === 'string' && claim)
      out.push({
        kinds: ['PersistentVolumeClaim'],
        name: claim,
        what: `volume ${String(v.name)} needs PersistentVolumeClaim ${claim}`,
        jsonPath: `${t.jsonPathPrefix}.volumes[${i}].persistentVolumeClaim.claimName`,
      });
  });
  return out;
}

/** A fail when the hook's Application delivers what it needs only after the hook runs; nothing otherwise. */
function lateNeed(
  ctx: RuleContext,
  hook: SourcedObject,
  run: Run,
  app: SourcedObject,
  need: Need,
): RuleResult[] {
  const d = deliveryOf(ctx.objects);
  const ns = nsOf(hook);
  const own = need.kinds
    .map((k) => ctx.index.get(k, ns, need.name))
    .filter((o): o is SourcedObject => !!o && d.all(o).includes(app));
  if (!own.length) return []; // another Application's, or missing: the reference rules judge that
  const label = `${hook.object.kind} ${where(hook)}`;
  const appName = app.object.metadata?.name;
  if (run.kind === 'delete') {
    if (run.phase !== 'PostDelete' || own.some((o) => runOf(o.object).kind === 'delete')) return [];
    return [
      fail(
        hook,
        `PostDelete hook ${label} ${need.what}, a resource of Application ${appName} that is deleted before PostDelete hooks run`,
        need.jsonPath,
      ),
    ];
  }
  if (run.kind !== 'sync') return [];
  const at = earliest(run);
  const steps = own.map((o) => ({ o, step: stepOf(runOf(o.object)) }));
  if (steps.some((s) => s.step && compare(s.step, at) <= 0)) return [];
  const first = steps.filter((s) => s.step).sort((a, b) => compare(a.step!, b.step!))[0];
  if (!first) return [];
  return [
    fail(
      hook,
      `${at.phase} hook ${label} (wave ${at.wave}) ${need.what}, which Application ${appName} creates later ` +
        `(${first.step!.phase} phase, wave ${first.step!.wave}): its pods cannot start, the hook never completes and every sync fails`,
      need.jsonPath,
    ),
  ];
}

function earliest(run: Extract<Run, { kind: 'sync' }>): Step {
  return { phase: run.phases[0]!, wave: run.wave };
}

/** The first step an object is applied in, or undefined when Argo CD does not apply it during a sync. */
function stepOf(run: Run): Step | undefined {
  return run.kind === 'sync' ? earliest(run) : undefined;
}

function compare(a: Step, b: Step): number {
  return PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase] || a.wave - b.wave;
}
