/*
 * The plan of `shai backup restore --promote` for volumes (pure): which Backup, which workloads and claims, the
 * in-place Restore, the pause and resume patches, and what a stopped promotion says. The workloads are the
 * rendered ones (GitLab on: Valkey's StatefulSet; ComfyUI's Deployment) and the Grafana Deployment real helm
 * rendered from kube-prometheus-stack (test/fixtures/charts/kube-prometheus-stack.yaml).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { restoreObjects, veleroRestore } from '../../src/backup/objects.ts';
import {
  SKIP_RECONCILE,
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
  type Promotion,
} from '../../src/backup/promote-volumes.ts';
import { unitOf } from '../../src/backup/units.ts';
import { parseConfig } from '../../src/config/load.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { parseManifests } from '../../src/k8s/yaml.ts';
import { plan as makePlan } from '../../src/plan/plan.ts';
import { buildManifest } from '../../src/render/tree.ts';
import { registry } from '../../src/services/registry.ts';
import { IMAGES } from '../../src/services/versions.ts';
import { ROOT } from '../helpers/cli.ts';

interface Yaml {
  [k: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const doc = parse(readFileSync(join(ROOT, 'platform.yaml'), 'utf8')) as Yaml;
doc.services.gitlab = { ...(doc.services.gitlab ?? {}), enabled: true };
const plan = makePlan(parseConfig(stringify(doc), 'platform.yaml', registry), registry);
const rendered = buildManifest(plan).manifest.map((e) => e.object);
const one = (kind: string, name: string) =>
  rendered.find((o) => o.kind === kind && o.metadata.name === name)!;
const valkey = unitOf(plan, 'valkey');
const comfyui = unitOf(plan, 'comfyui');

const restore = (
  name: string,
  created: string,
  mapping: Record<string, string> | undefined,
  phase?: string,
) =>
  ({
    apiVersion: 'velero.io/v1',
    kind: 'Restore',
    metadata: { name, namespace: 'backup', creationTimestamp: created },
    spec: { backupName: `backup-of-${name}`, ...(mapping ? { namespaceMapping: mapping } : {}) },
    ...(phase ? { status: { phase } } : {}),
  }) as KubeObject;

describe('the Backup a promotion restores', () => {
  it('is the one the newest scratch restore into that namespace read, once Velero completed it', () => {
    const restores = [
      restore('old', '2026-12-03T10:00:00Z', { data: 'shai-restore-valkey' }, 'Completed'),
      restore('new', '2026-12-03T11:00:00Z', { data: 'shai-restore-valkey' }, 'Completed'),
      restore('elsewhere', '2026-12-03T12:00:00Z', { data: 'drill' }, 'Completed'),
      restore('in-place', '2026-12-03T13:00:00Z', undefined, 'Completed'),
    ];
    expect(scratchBackup(restores, valkey, 'shai-restore-valkey')).toBe('backup-of-new');
    expect(scratchBackup(restores, valkey, 'drill')).toBe('backup-of-elsewhere');
  });

  it('is refused without a scratch restore, or while it has not completed', () => {
    expect(() => scratchBackup([], valkey, 'shai-restore-valkey')).toThrow(
      'valkey: no Velero Restore into shai-restore-valkey to promote; restore there first and prove it (shai backup restore --service valkey --probe), then promote',
    );
    expect(() => scratchBackup([], valkey, 'drill')).toThrow(
      '(shai backup restore --service valkey --to-namespace drill --probe)',
    );
    const failed = [restore('r', '2026-12-03T10:00:00Z', { data: 'shai-restore-valkey' }, 'PartiallyFailed')];
    expect(() => scratchBackup(failed, valkey, 'shai-restore-valkey')).toThrow(
      /is PartiallyFailed, not Completed/,
    );
    const running = [restore('r', '2026-12-03T10:00:00Z', { data: 'shai-restore-valkey' })];
    expect(() => scratchBackup(running, valkey, 'shai-restore-valkey')).toThrow(
      /is not started, not Completed/,
    );
  });

  it('must still exist, complete, before anything is deleted', () => {
    expect(() => checkBackup(undefined, 'b1', valkey)).toThrow(
      /Velero Backup b1, which the scratch restore read, is gone/,
    );
    const backup = (phase: string) => ({
      apiVersion: 'velero.io/v1',
      kind: 'Backup',
      metadata: { name: 'b1' },
      status: { phase },
    });
    expect(() => checkBackup(backup('Deleting'), 'b1', valkey)).toThrow(/b1 is Deleting, not Completed/);
    expect(() => checkBackup(backup('Completed'), 'b1', valkey)).not.toThrow();
  });
});

describe('what a promotion deletes', () => {
  it('a StatefulSet: its claim of the kept volume, named by the StatefulSet controller', () => {
    const p = volumeTargets([one('StatefulSet', 'valkey')], valkey, 'b1');
    expect(p).toEqual({
      backup: 'b1',
      workloads: [
        {
          kind: 'StatefulSet',
          name: 'valkey',
          selector: { matchLabels: { 'app.kubernetes.io/name': 'valkey' } },
        },
      ],
      claims: ['data-valkey-0'],
    });
  });

  it('a Deployment: only the claims of volumes Velero keeps (ComfyUI output), not the model cache', () => {
    const p = volumeTargets([one('Deployment', 'comfyui')], comfyui, 'b1');
    expect(p.claims).toEqual(['comfyui-output']);
    expect(p.workloads.map((w) => w.name)).toEqual(['comfyui']);
  });

  it('a chart: the workload whose pods carry Velero’s opt-in (Grafana), not the others of the release', () => {
    const path = join(ROOT, 'test/fixtures/charts/kube-prometheus-stack.yaml');
    const chart = parseManifests(readFileSync(path, 'utf8'), path).objects.map((o) => o.object);
    const workloads = chart.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
    expect(workloads.length).toBeGreaterThan(2);
    const p = volumeTargets(workloads, unitOf(plan, 'kube-prometheus-stack'), 'b1');
    expect(p.workloads.map((w) => `${w.kind} ${w.name}`)).toEqual([
      'Deployment kube-prometheus-stack-grafana',
    ]);
    expect(p.claims).toEqual(['kube-prometheus-stack-grafana']);
    expect(unitOf(plan, 'kube-prometheus-stack').labels).toEqual({
      'app.kubernetes.io/instance': 'kube-prometheus-stack',
    });
  });

  it('is refused when no workload keeps a volume (not synced, or already deleted by hand)', () => {
    expect(() => volumeTargets([one('Deployment', 'comfyui')], valkey, 'b1')).not.toThrow();
    const bare = {
      ...one('Deployment', 'comfyui'),
      spec: { template: { metadata: {}, spec: { volumes: [] } } },
    };
    expect(() => volumeTargets([bare], comfyui, 'b1')).toThrow(
      /comfyui: no Deployment or StatefulSet of it in namespace gpu keeps a volume Velero copies/,
    );
  });

  it('waits for the pods the workloads select', () => {
    const p = volumeTargets([one('StatefulSet', 'valkey')], valkey, 'b1');
    const pod = (name: string, labels: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels },
    });
    expect(
      podsOf(p, [pod('valkey-0', { 'app.kubernetes.io/name': 'valkey' }), pod('other', { app: 'x' })]),
    ).toEqual(['valkey-0']);
  });
});

describe('the in-place Restore', () => {
  it('reads the given Backup into the service’s own namespace with the scratch restore’s selector and restore step', () => {
    const scratch = restoreObjects(plan, valkey, {
      namespace: 'shai-restore-valkey',
      veleroBackup: 'b1',
      postgresImage: IMAGES.postgres,
      now: new Date('2026-12-03T12:00:00Z'),
    }).find((o) => o.kind === 'Restore') as Yaml;
    const inPlace = veleroRestore(plan, valkey, {
      name: 'valkey-promote-x',
      namespace: 'data',
      backupName: 'b1',
    }) as Yaml;
    expect(inPlace.metadata).toMatchObject({ name: 'valkey-promote-x', namespace: 'backup' });
    expect(inPlace.spec.namespaceMapping).toBeUndefined();
    expect(scratch.spec.namespaceMapping).toEqual({ data: 'shai-restore-valkey' });
    const { namespaceMapping: _m, ...rest } = scratch.spec;
    expect(inPlace.spec).toEqual(rest);
    expect(inPlace.spec.hooks.resources[0].postHooks[0].init.initContainers[0].name).toBe('shai-restore');
  });
});

describe('pausing Argo CD', () => {
  const p: Promotion = { backup: 'b1', workloads: [], claims: ['data-valkey-0'] };
  const app = (annotations: Record<string, string>, extra: Yaml = {}) =>
    ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'valkey', namespace: 'argocd', annotations },
      ...extra,
    }) as KubeObject;

  it('sets skip-reconcile and records the promotion; resuming removes both', () => {
    expect(pausePatch(p)).toEqual({
      metadata: { annotations: { [SKIP_RECONCILE]: 'true', 'shai.dev/promoting': JSON.stringify(p) } },
    });
    expect(resumePatch()).toEqual({
      metadata: { annotations: { [SKIP_RECONCILE]: null, 'shai.dev/promoting': null } },
    });
    expect(recordedPromotion(app(pausePatch(p).metadata.annotations))).toEqual(p);
    expect(recordedPromotion(app({}))).toBeUndefined();
    // A record someone edited into something else is a user error naming the way out, not a crash: also one that
    // is JSON but not a promotion, which a run would otherwise take and fail on half-way (p.workloads.map).
    expect(() =>
      recordedPromotion(app({ [SKIP_RECONCILE]: 'true', 'shai.dev/promoting': '{"backup":"b1"}' })),
    ).toThrow(/annotation is unreadable \(its workloads are not a list of Deployments and StatefulSets/);
    expect(() =>
      recordedPromotion(app({ [SKIP_RECONCILE]: 'true', 'shai.dev/promoting': '{"backup":' })),
    ).toThrow(
      /its shai.dev\/promoting annotation is unreadable \(.*\); check the service, then lift the pause by hand: kubectl -n argocd annotate application valkey argocd.argoproj.io\/skip-reconcile- shai.dev\/promoting-/,
    );
  });

  it('refuses an Application someone else paused, or one Argo CD is syncing', () => {
    expect(() => recordedPromotion(app({ [SKIP_RECONCILE]: 'true' }))).toThrow(
      /already paused .* by someone else/,
    );
    // Argo CD reads the value as Go's ParseBool does: `True` is a pause too, and the message names what it found.
    expect(() => recordedPromotion(app({ [SKIP_RECONCILE]: 'True' }))).toThrow(
      /already paused \(argocd\.argoproj\.io\/skip-reconcile: "True"\) by someone else/,
    );
    expect(recordedPromotion(app({ [SKIP_RECONCILE]: 'yes' }))).toBeUndefined();
    expect(syncInProgress(app({}, { operation: { sync: {} } }))).toBe('a sync operation is requested');
    expect(syncInProgress(app({}, { status: { operationState: { phase: 'Running' } } }))).toBe(
      'a sync is running',
    );
    expect(syncInProgress(app({}, { status: { operationState: { phase: 'Succeeded' } } }))).toBeUndefined();
  });

  it('the steps: pause first, resume last, after the Restore', () => {
    const steps = promoteSteps(
      valkey,
      'argocd/valkey',
      volumeTargets([one('StatefulSet', 'valkey')], valkey, 'b1'),
      'r1',
    );
    expect(steps[0]).toMatch(/^pause Argo CD for Application argocd\/valkey/);
    expect(steps[1]).toMatch(/^delete StatefulSet data\/valkey/);
    expect(steps[2]).toMatch(/PersistentVolumeClaims data-valkey-0 \(reclaim policy Retain\), then delete/);
    expect(steps[3]).toMatch(
      /^create Velero Restore r1 of Backup b1 into data and wait until it is Completed/,
    );
    expect(steps[4]).toMatch(/^resume Argo CD/);
  });
});

describe('a promotion that stops', () => {
  const p: Promotion = {
    backup: 'b1',
    workloads: [],
    claims: ['data-valkey-0'],
    volumes: ['pv-1'],
    restore: 'r1',
  };
  const message = (stage: 'deleting' | 'restoring' | 'restore-running') =>
    stuckMessage(valkey, 'argocd/valkey', p, stage, 'the reason');

  it('leaves Argo CD paused and says so, with the state and the next command', () => {
    for (const stage of ['deleting', 'restoring', 'restore-running'] as const) {
      const m = message(stage);
      expect(m).toMatch(/^valkey: promotion stopped: the reason\./);
      expect(m).toContain('Argo CD stays paused for Application argocd/valkey');
      expect(m).toContain('PersistentVolumes pv-1');
      expect(m).toContain(
        `kubectl -n argocd annotate application valkey ${SKIP_RECONCILE}- shai.dev/promoting-`,
      );
      expect(m).toContain('EMPTY volumes');
    }
    expect(message('deleting')).toContain('nothing is restored yet');
    expect(message('restoring')).toContain('Velero Restore r1 did not complete');
    expect(message('restoring')).toContain(
      'deletes what is left of the workload and claims and restores again',
    );
    expect(message('restore-running')).toContain(
      'it waits for that restore and resumes Argo CD once it is Completed',
    );
  });
});
