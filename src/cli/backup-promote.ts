/*
 * `shai backup restore --service X --promote`, the volume half (the CLI's edge): with Argo CD paused for X's
 * Application, delete X's workload and the claims of its kept volumes, restore them in place with Velero from the
 * Backup the proven scratch restore read, and resume Argo CD only once Velero reports the restore Completed. The
 * decisions are backup/promote-volumes.ts; this reads, writes and waits. A promotion that stops leaves Argo CD
 * paused and says what state the service is in and what to run next.
 */
import {
  checkBackup,
  pausePatch,
  podsOf,
  promoteSteps,
  recordedPromotion,
  resumePatch,
  scratchBackup,
  stuckMessage,
  syncInProgress,
  volumeTargets,
  type PromoteStage,
  type Promotion,
} from '../backup/promote-volumes.ts';
import { stamp, veleroNamespace, veleroRestore } from '../backup/objects.ts';
import { probeCommands, readiness } from '../backup/restore.ts';
import type { BackupUnit } from '../backup/units.ts';
import { ARGOCD_NAMESPACE } from '../build/argocd.ts';
import { UserError } from '../errors.ts';
import { expectOk, type KubeApi } from '../install/api.ts';
import type { KubeObject } from '../k8s/object.ts';
import type { Plan } from '../plan/types.ts';
import { apply, waitReady, type BackupIo } from './backup-actions.ts';

const POLL_MS = 5_000;
const enc = encodeURIComponent;

/** GET of one object; undefined when it does not exist. */
async function getObject(api: KubeApi, path: string): Promise<KubeObject | undefined> {
  const r = await api.request('GET', path);
  if (r.status === 404) return undefined;
  return expectOk(r, `reading ${path}`) as unknown as KubeObject;
}

async function listObjects(
  api: KubeApi,
  path: string,
  selector?: Record<string, string>,
): Promise<KubeObject[]> {
  const q = selector
    ? `?labelSelector=${enc(
        Object.entries(selector)
          .map(([k, v]) => `${k}=${v}`)
          .join(','),
      )}`
    : '';
  const body = expectOk(await api.request('GET', path + q), `listing ${path}`);
  return (body.items ?? []) as KubeObject[];
}

const workloadPath = (ns: string, kind: string, name = '') =>
  `/apis/apps/v1/namespaces/${enc(ns)}/${kind === 'StatefulSet' ? 'statefulsets' : 'deployments'}${name ? `/${enc(name)}` : ''}`;
const claimPath = (ns: string, name: string) =>
  `/api/v1/namespaces/${enc(ns)}/persistentvolumeclaims/${enc(name)}`;

async function patchApplication(api: KubeApi, name: string, patch: unknown): Promise<void> {
  const path = `/apis/argoproj.io/v1alpha1/namespaces/${ARGOCD_NAMESPACE}/applications/${enc(name)}`;
  expectOk(
    await api.request('PATCH', path, patch, 'application/merge-patch+json'),
    `annotating Application ${ARGOCD_NAMESPACE}/${name}`,
  );
}

/** Deletes (a missing object is fine: a resumed promotion deletes what is left). */
async function remove(api: KubeApi, path: string, what: string): Promise<void> {
  const r = await api.request('DELETE', path, {
    apiVersion: 'v1',
    kind: 'DeleteOptions',
    propagationPolicy: 'Background',
  });
  if (r.status !== 404) expectOk(r, `deleting ${what}`);
}

/** Polls `left` until it returns nothing, or throws naming what is left after `timeoutMs`. */
async function waitGone(
  io: BackupIo,
  timeoutMs: number,
  what: string,
  left: () => Promise<string[]>,
): Promise<void> {
  const start = io.now().getTime();
  for (;;) {
    const names = await left();
    if (!names.length) return;
    if (io.now().getTime() - start >= timeoutMs)
      throw new UserError(`${what} still there after ${Math.round(timeoutMs / 1000)} s: ${names.join(', ')}`);
    await io.sleep(POLL_MS);
  }
}

/** What the promotion acts on: the recorded one of a run that stopped, else read from the cluster. */
async function promotionFor(plan: Plan, unit: BackupUnit, api: KubeApi, app: KubeObject, scratch: string) {
  const recorded = recordedPromotion(app);
  if (recorded) return recorded;
  const busy = syncInProgress(app);
  if (busy)
    throw new UserError(`Application ${ARGOCD_NAMESPACE}/${unit.service}: ${busy}; promote once it is done`);
  const velero = veleroNamespace(plan);
  const restores = await listObjects(api, `/apis/velero.io/v1/namespaces/${enc(velero)}/restores`, {
    'app.kubernetes.io/name': unit.service,
  });
  const backup = scratchBackup(restores, unit, scratch);
  checkBackup(
    await getObject(api, `/apis/velero.io/v1/namespaces/${enc(velero)}/backups/${enc(backup)}`),
    backup,
    unit,
  );
  const selector = unit.labels;
  const workloads = [
    ...(await listObjects(api, workloadPath(unit.namespace, 'Deployment'), selector)).map((o) => ({
      ...o,
      kind: 'Deployment',
    })),
    ...(await listObjects(api, workloadPath(unit.namespace, 'StatefulSet'), selector)).map((o) => ({
      ...o,
      kind: 'StatefulSet',
    })),
  ];
  return volumeTargets(workloads, unit, backup);
}

/** Deletes the workloads, waits for their pods, keeps the claims' volumes (Retain), deletes the claims. */
async function deleteTargets(
  io: BackupIo,
  unit: BackupUnit,
  p: Promotion,
  timeoutMs: number,
  record: () => Promise<void>,
) {
  const ns = unit.namespace;
  for (const w of p.workloads) {
    await remove(io.api, workloadPath(ns, w.kind, w.name), `${w.kind} ${ns}/${w.name}`);
    io.print(`deleted ${w.kind} ${ns}/${w.name}`);
  }
  await waitGone(io, timeoutMs, 'pods of the deleted workload', async () =>
    podsOf(p, await listObjects(io.api, `/api/v1/namespaces/${enc(ns)}/pods`)),
  );
  const volumes = new Set(p.volumes ?? []);
  for (const c of p.claims) {
    const claim = await getObject(io.api, claimPath(ns, c));
    const pv = (claim?.spec as { volumeName?: string } | undefined)?.volumeName;
    if (!pv) continue;
    // The old volume outlives its claim: data written after the backup can still be copied out by hand.
    expectOk(
      await io.api.request(
        'PATCH',
        `/api/v1/persistentvolumes/${enc(pv)}`,
        { spec: { persistentVolumeReclaimPolicy: 'Retain' } },
        'application/merge-patch+json',
      ),
      `keeping PersistentVolume ${pv} (reclaim policy Retain)`,
    );
    volumes.add(pv);
  }
  p.volumes = [...volumes].sort();
  await record();
  for (const c of p.claims) {
    await remove(io.api, claimPath(ns, c), `PersistentVolumeClaim ${ns}/${c}`);
    io.print(`deleted PersistentVolumeClaim ${ns}/${c}`);
  }
  await waitGone(io, timeoutMs, 'deleted claims', async () => {
    const left = await Promise.all(
      p.claims.map(async (c) => ((await getObject(io.api, claimPath(ns, c))) ? c : '')),
    );
    return left.filter(Boolean);
  });
  // Argo CD was paused before the first deletion; anything back now was recreated by something else, and
  // Velero would skip it as existing instead of restoring it.
  const back = [];
  for (const w of p.workloads)
    if (await getObject(io.api, workloadPath(ns, w.kind, w.name))) back.push(`${w.kind} ${w.name}`);
  if (back.length)
    throw new UserError(
      `${back.join(', ')} came back after it was deleted (is something else than Argo CD managing it?)`,
    );
}

/**
 * Promotes the proven scratch restore of the unit's volumes into the service's own namespace (see the file
 * comment). `dryRun` prints the steps and changes nothing.
 */
export async function promoteVolumes(
  plan: Plan,
  unit: BackupUnit,
  io: BackupIo,
  opts: { dryRun: boolean; scratchNamespace: string; timeoutMs: number },
): Promise<void> {
  const appName = `${ARGOCD_NAMESPACE}/${unit.service}`;
  const app = await getObject(
    io.api,
    `/apis/argoproj.io/v1alpha1/namespaces/${ARGOCD_NAMESPACE}/applications/${enc(unit.service)}`,
  );
  if (!app)
    throw new UserError(
      `${unit.service}: no Argo CD Application ${appName}; --promote works on a platform Argo CD syncs`,
    );
  const p = await promotionFor(plan, unit, io.api, app, opts.scratchNamespace);
  const fresh = `${unit.service}-promote-${stamp(io.now())}`;
  for (const line of promoteSteps(unit, appName, p, p.restore ?? fresh))
    io.print(`${opts.dryRun ? '(dry run) ' : ''}${line}`);
  if (opts.dryRun) return;

  const record = () => patchApplication(io.api, unit.service, pausePatch(p));
  await record();
  io.print(`paused Argo CD for Application ${appName}`);
  let stage: PromoteStage = 'deleting';
  try {
    const existing = p.restore
      ? await getObject(
          io.api,
          `/apis/velero.io/v1/namespaces/${enc(veleroNamespace(plan))}/restores/${enc(p.restore)}`,
        )
      : undefined;
    const state = existing ? readiness(existing) : undefined;
    if (state === undefined || typeof state === 'string') {
      delete p.restore;
      await deleteTargets(io, unit, p, opts.timeoutMs, record);
      stage = 'restoring';
      p.restore = fresh;
      await record();
      await apply(
        io,
        [veleroRestore(plan, unit, { name: p.restore, namespace: unit.namespace, backupName: p.backup })],
        false,
      );
    }
    stage = 'restoring';
    const restore = veleroRestore(plan, unit, {
      name: p.restore!,
      namespace: unit.namespace,
      backupName: p.backup,
    });
    const waited = await waitReady(io, [restore], opts.timeoutMs);
    if (waited.seconds === undefined) {
      if (!/Velero Restore/.test(waited.detail ?? '')) stage = 'restore-running';
      throw new UserError(waited.detail ?? 'not ready');
    }
  } catch (err) {
    throw new UserError(stuckMessage(unit, appName, p, stage, (err as Error).message), { cause: err });
  }
  await patchApplication(io.api, unit.service, resumePatch());
  io.print(
    `Velero Restore ${p.restore} Completed; resumed Argo CD for Application ${appName}: it syncs ${unit.service} to Git and keeps the restored claims`,
  );
  for (const line of probeCommands(unit, unit.namespace)) io.print(line);
  if (p.volumes?.length)
    io.print(
      `once the probes pass, delete the old volumes: kubectl delete persistentvolume ${p.volumes.join(' ')}`,
    );
  io.print(`and the scratch copy: kubectl delete namespace ${opts.scratchNamespace}`);
}
