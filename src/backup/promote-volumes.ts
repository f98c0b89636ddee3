/*
 * The pure side of `shai backup restore --service X --promote` for a service's volumes: what the promotion acts
 * on and in which order. Velero never overwrites an existing claim (existingResourcePolicy `none` skips what
 * exists: velero v1.18.1 pkg/restore/restore.go:1615-1624, site/content/docs/v1.18/restore-reference.md:236),
 * and its file-system restore writes a volume's files only through a pod it creates itself (restore.go:1739-1743,
 * the pod's restore-wait init container: pkg/restorehelper/util.go:25), into a claim it creates bound to a newly
 * provisioned volume (restore.go:1230-1236). So the service's workload and the claims of its kept volumes are
 * deleted, and a Velero Restore of the same Backup the proven scratch restore read brings them back in place —
 * while Argo CD, whose self-heal would recreate them empty, is paused for this one Application.
 */
import type { BackupUnit } from './units.ts';
import { UserError } from '../errors.ts';
import type { KubeObject } from '../k8s/object.ts';
import { PROMOTING_ANNOTATION } from '../k8s/annotations.ts';
import {
  giveUpAdvice,
  isPaused,
  promoteCommand,
  promotionRecord,
  SKIP_RECONCILE,
  unpauseCommand,
  type PromotedWorkload,
  type Promotion,
} from '../k8s/argocd-pause.ts';
import { matchesSelector } from '../semantics/netpol/selector.ts';
import { restoreCommand } from './restore.ts';
import { BACKUP_VOLUMES_ANNOTATION } from './volumes.ts';

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Argo CD's per-Application pause, which a promotion sets (see k8s/argocd-pause.ts for what it does). */
export { SKIP_RECONCILE };

/** What a promotion acts on: declared beside the reader of its record, which doctor shares. */
export type { PromotedWorkload, Promotion };

/**
 * The Velero Backup of the newest scratch restore of the unit into `scratch`: refused unless that restore exists
 * and Velero reported it Completed (the copy the probes proved).
 */
export function scratchBackup(restores: readonly KubeObject[], unit: BackupUnit, scratch: string): string {
  const mine = restores
    .filter((r) => ((r.spec as Yaml | undefined)?.namespaceMapping ?? {})[unit.namespace] === scratch)
    .sort((a, b) =>
      String(b.metadata.creationTimestamp ?? '').localeCompare(String(a.metadata.creationTimestamp ?? '')),
    );
  const newest = mine[0];
  const again = restoreCommand(unit.service, scratch);
  if (!newest)
    throw new UserError(
      `${unit.service}: no Velero Restore into ${scratch} to promote; restore there first and prove it (${again} --probe), then promote`,
    );
  const phase = (newest as Yaml).status?.phase as string | undefined;
  if (phase !== 'Completed')
    throw new UserError(
      `${unit.service}: the restore into ${scratch} (Velero Restore ${newest.metadata.name}) is ${phase ?? 'not started'}, not Completed; promote only a restore that completed and passed its probes`,
    );
  const backup = (newest.spec as Yaml).backupName;
  if (typeof backup !== 'string' || !backup)
    throw new UserError(`${unit.service}: Velero Restore ${newest.metadata.name} names no backupName`);
  return backup;
}

/** The Backup must still be there and complete: a promotion deletes the live claims before it restores. */
export function checkBackup(backup: KubeObject | undefined, name: string, unit: BackupUnit): void {
  if (!backup)
    throw new UserError(
      `${unit.service}: Velero Backup ${name}, which the scratch restore read, is gone (expired or deleted); restore again from a backup that exists`,
    );
  const phase = (backup as Yaml).status?.phase;
  if (phase !== 'Completed')
    throw new UserError(`${unit.service}: Velero Backup ${name} is ${phase ?? 'not started'}, not Completed`);
}

/** The claims a workload's pod template mounts under the volume names Velero's opt-in annotation lists. */
function keptClaims(w: KubeObject): string[] {
  const spec = (w.spec ?? {}) as Yaml;
  const kept = String(spec.template?.metadata?.annotations?.[BACKUP_VOLUMES_ANNOTATION] ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const mounted = ((spec.template?.spec?.volumes ?? []) as Yaml[])
    .filter((v) => kept.includes(v.name) && v.persistentVolumeClaim?.claimName)
    .map((v) => String(v.persistentVolumeClaim.claimName));
  if (w.kind !== 'StatefulSet') return mounted;
  // A StatefulSet's claims are `<template>-<set>-<ordinal>`, labelled with the set's selector, so Velero's selector
  // picks them (kubernetes v1.33.13 pkg/controller/statefulset/stateful_set_utils.go:118-121, :400-404).
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const templates = ((spec.volumeClaimTemplates ?? []) as Yaml[])
    .map((t) => String(t.metadata?.name))
    .filter((n) => kept.includes(n));
  return [
    ...mounted,
    ...templates.flatMap((t) => Array.from({ length: replicas }, (_, i) => `${t}-${w.metadata.name}-${i}`)),
  ];
}

/**
 * What to delete: the unit's Deployments and StatefulSets (already picked by the service's selector) whose pods
 * keep a volume Velero copied, and those volumes' claims. Claims of volumes Velero does not keep (a model cache,
 * Prometheus' data) stay: the restore skips them as existing and the restored pod mounts them again.
 */
export function volumeTargets(workloads: readonly KubeObject[], unit: BackupUnit, backup: string): Promotion {
  const out: Promotion = { backup, workloads: [], claims: [] };
  for (const w of workloads) {
    if (w.kind !== 'Deployment' && w.kind !== 'StatefulSet') continue;
    const claims = keptClaims(w);
    if (!claims.length) continue;
    out.workloads.push({
      kind: w.kind,
      name: w.metadata.name,
      selector: ((w.spec as Yaml).selector ?? {}) as Yaml,
    });
    out.claims.push(...claims);
  }
  out.claims = [...new Set(out.claims)].sort();
  if (!out.workloads.length)
    throw new UserError(
      `${unit.service}: no Deployment or StatefulSet of it in namespace ${unit.namespace} keeps a volume Velero copies (pod annotation ${BACKUP_VOLUMES_ANNOTATION}); is it synced?`,
    );
  return out;
}

/** The pods among `pods` a promoted workload runs (still running, or terminating). */
export function podsOf(p: Promotion, pods: readonly KubeObject[]): string[] {
  return pods
    .filter((pod) => p.workloads.some((w) => matchesSelector(w.selector, pod.metadata.labels ?? {})))
    .map((pod) => pod.metadata.name)
    .sort();
}

/**
 * The promotion recorded on the Application by an earlier run that stopped half-way, undefined when it is not
 * paused; refused when something else paused it (unpausing it afterwards would undo someone's decision).
 */
export function recordedPromotion(app: KubeObject): Promotion | undefined {
  const found = promotionRecord(app);
  if (found && 'unreadable' in found)
    throw new UserError(
      `Application ${app.metadata.namespace}/${app.metadata.name}: its ${PROMOTING_ANNOTATION} annotation is unreadable (${found.unreadable}); check the service, then lift the pause by hand: ${unpauseCommand({ namespace: app.metadata.namespace ?? '', name: app.metadata.name })}`,
    );
  if (found) return found.record;
  if (isPaused(app))
    throw new UserError(
      `Application ${app.metadata.namespace}/${app.metadata.name} is already paused (${SKIP_RECONCILE}: "${app.metadata.annotations?.[SKIP_RECONCILE]}") by someone else; promote once it is resumed`,
    );
  return undefined;
}

/** Why Argo CD is busy with the Application now (a sync running or asked for), if it is. */
export function syncInProgress(app: KubeObject): string | undefined {
  const o = app as Yaml;
  if (o.operation) return 'a sync operation is requested';
  if (o.status?.operationState?.phase === 'Running') return 'a sync is running';
  return undefined;
}

/** The merge patch that pauses the Application and records the promotion on it. */
export function pausePatch(p: Promotion): Yaml {
  return {
    metadata: { annotations: { [SKIP_RECONCILE]: 'true', [PROMOTING_ANNOTATION]: JSON.stringify(p) } },
  };
}

/** The merge patch that resumes it: both annotations removed. */
export function resumePatch(): Yaml {
  return { metadata: { annotations: { [SKIP_RECONCILE]: null, [PROMOTING_ANNOTATION]: null } } };
}

const list = (items: readonly string[]) => items.join(', ') || 'none';

/** The steps, in order, as `--dry-run` prints them. */
export function promoteSteps(unit: BackupUnit, app: string, p: Promotion, restore: string): string[] {
  return [
    `pause Argo CD for Application ${app} (${SKIP_RECONCILE}: "true")`,
    `delete ${p.workloads.map((w) => `${w.kind} ${unit.namespace}/${w.name}`).join(', ')} and wait until its pods are gone`,
    `keep the volumes of PersistentVolumeClaims ${list(p.claims)} (reclaim policy Retain), then delete the claims`,
    `create Velero Restore ${restore} of Backup ${p.backup} into ${unit.namespace} and wait until it is Completed`,
    `resume Argo CD for Application ${app}: it syncs the workload to Git and keeps the restored claims`,
  ];
}

/** Where a promotion stopped. */
export type PromoteStage = 'deleting' | 'restoring' | 'restore-running';

/**
 * The message a promotion that stopped leaves: Argo CD stays paused (resuming it now would start the service on
 * empty or half-restored volumes), what state the service is in, and what to run next.
 */
export function stuckMessage(
  unit: BackupUnit,
  app: string,
  p: Promotion,
  stage: PromoteStage,
  detail: string,
): string {
  const rerun = promoteCommand(unit.service);
  const where = { namespace: app.split('/')[0]!, name: app.split('/')[1]! };
  const kept = p.volumes?.length
    ? ` The volumes the claims held are kept (Retain): PersistentVolumes ${list(p.volumes)}.`
    : '';
  const state =
    stage === 'deleting'
      ? `Some of ${p.workloads.map((w) => `${w.kind} ${w.name}`).join(', ')} and claims ${list(p.claims)} may be deleted; nothing is restored yet.`
      : stage === 'restoring'
        ? `The workload and claims ${list(p.claims)} are deleted; Velero Restore ${p.restore} did not complete (kubectl -n velero get restore ${p.restore} -o yaml; velero restore describe ${p.restore} --details).`
        : `The workload and claims ${list(p.claims)} are deleted; Velero Restore ${p.restore} is still running (kubectl -n velero get restore ${p.restore} -w).`;
  const next =
    stage === 'restore-running'
      ? `Run ${rerun} again: it waits for that restore and resumes Argo CD once it is Completed.`
      : `Fix the cause, then run ${rerun} again: it deletes what is left of the workload and claims and restores again.`;
  return [
    `${unit.service}: promotion stopped: ${detail}.`,
    `Argo CD stays paused for Application ${app} (${SKIP_RECONCILE}: "true"), so it does not start ${unit.service} on empty volumes.`,
    `${state}${kept}`,
    next,
    giveUpAdvice(unit.service, where),
  ].join('\n');
}
