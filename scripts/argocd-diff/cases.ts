/*
 * The objects Argo CD's own diff is asked about to show that pausing one Application by hand survives the root
 * Application's self-heal (`shai backup restore --promote`, backup/promote-volumes.ts): the rendered Application
 * as Git has it (the desired object), and the live object as client-side apply leaves it (Git's object, its
 * last-applied configuration, Argo CD's tracking annotation, server fields, a status) plus the pause annotations.
 * Controls prove the diff is not blind: a drifted field Git names, and a Git object that names the pause key.
 * Read by scripts/record-argocd-diff.ts (runs the diff) and test/backup/argocd-pause-diff.test.ts (checks the
 * recording still matches these inputs).
 */
import { createHash } from 'node:crypto';
import { pausePatch } from '../../src/backup/promote-volumes.ts';
import type { KubeObject } from '../../src/k8s/object.ts';

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The recording, and the rendered Application its cases are built from. */
export const PAUSE_DIFF_FILE = 'test/fixtures/argocd/pause-diff.json';
export const PAUSE_DIFF_APP = 'open-webui';

/** One question to the diff: would Argo CD see `live` as out of sync with `config`? */
export interface DiffCase {
  name: string;
  /** What Argo CD must answer for the pause to be safe (or for a control to show the diff sees drift). */
  modified: boolean;
  config: Yaml;
  live: Yaml;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const TRACKING = 'argocd.argoproj.io/tracking-id';

const clone = <T>(o: T): T => JSON.parse(JSON.stringify(o)) as T;

/** Git's Application as the root Application's sync sees it: with Argo CD's tracking annotation set. */
function desired(app: KubeObject): Yaml {
  const o = clone(app) as Yaml;
  o.metadata.annotations = {
    ...o.metadata.annotations,
    [TRACKING]: `root:argoproj.io/Application:argocd/${o.metadata.name}`,
  };
  return o;
}

/** What `kubectl apply` (client-side, Argo CD's default sync) leaves live, plus what the API server adds. */
function applied(config: Yaml, withLastApplied = true): Yaml {
  const o = clone(config);
  if (withLastApplied) o.metadata.annotations[LAST_APPLIED] = `${JSON.stringify(config)}\n`;
  Object.assign(o.metadata, {
    uid: '6f1c1f5e-0000-4000-8000-000000000001',
    resourceVersion: '4711',
    generation: 3,
    creationTimestamp: '2026-12-01T10:00:00Z',
  });
  o.status = { sync: { status: 'Synced' }, health: { status: 'Healthy' } };
  return o;
}

const paused = (live: Yaml): Yaml => {
  const o = clone(live);
  const p = pausePatch({ backup: 'b1', workloads: [], claims: ['c1'] }).metadata.annotations;
  o.metadata.annotations = { ...o.metadata.annotations, ...p };
  return o;
};

/** The cases for one rendered Application. */
export function pauseDiffCases(app: KubeObject): DiffCase[] {
  const config = desired(app);
  const drifted = applied(config);
  drifted.metadata.annotations['argocd.argoproj.io/sync-wave'] = '99';
  const namesPause = clone(config);
  namesPause.metadata.annotations['argocd.argoproj.io/skip-reconcile'] = 'false';
  return [
    { name: 'paused', modified: false, config, live: paused(applied(config)) },
    { name: 'paused-without-last-applied', modified: false, config, live: paused(applied(config, false)) },
    { name: 'control-drifted-wave', modified: true, config, live: drifted },
    {
      name: 'control-git-names-the-pause',
      modified: true,
      config: namesPause,
      live: paused(applied(namesPause)),
    },
  ];
}

/** sha256 of the cases' inputs, as the recording names them. */
export function inputsHash(cases: readonly DiffCase[]): string {
  return createHash('sha256')
    .update(JSON.stringify(cases.map((c) => ({ name: c.name, config: c.config, live: c.live }))))
    .digest('hex');
}
