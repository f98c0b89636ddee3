import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/engine.ts';
import { runOf } from '../../src/check/hooks.ts';
import { RULES } from '../../src/check/registry.ts';
import { loadTree } from './tree.ts';

const obj = (annotations: Record<string, string>) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'j', annotations },
});

describe('Argo CD hook phases (argo-cd v3.3.9 gitops-engine)', () => {
  it.each([
    [{}, { kind: 'sync', hook: false, phases: ['Sync'], wave: 0 }],
    [{ 'helm.sh/hook': 'pre-install' }, { kind: 'sync', hook: true, phases: ['PreSync'] }],
    [{ 'helm.sh/hook': 'pre-upgrade' }, { kind: 'sync', hook: true, phases: ['PreSync'] }],
    [{ 'helm.sh/hook': 'post-install, post-upgrade' }, { kind: 'sync', hook: true, phases: ['PostSync'] }],
    [
      { 'helm.sh/hook': 'pre-install,pre-upgrade,post-install,post-upgrade' },
      { kind: 'sync', phases: ['PreSync', 'PostSync'] },
    ],
    [
      { 'helm.sh/hook': 'pre-install', 'helm.sh/hook-weight': '-5' },
      { kind: 'sync', wave: -5 },
    ],
    [
      { 'helm.sh/hook': 'pre-install', 'argocd.argoproj.io/sync-wave': '2', 'helm.sh/hook-weight': '-5' },
      { wave: 2 },
    ],
    [{ 'helm.sh/hook': 'crd-install' }, { kind: 'sync', hook: false, phases: ['Sync'] }],
    [
      { 'argocd.argoproj.io/hook': 'Sync', 'helm.sh/hook': 'test' },
      { kind: 'sync', hook: true, phases: ['Sync'] },
    ],
    [{ 'argocd.argoproj.io/hook': 'SyncFail' }, { kind: 'sync', phases: ['SyncFail'] }],
    [{ 'helm.sh/hook': 'pre-delete' }, { kind: 'delete', phase: 'PreDelete' }],
    [{ 'helm.sh/hook': 'post-delete' }, { kind: 'delete', phase: 'PostDelete' }],
    [{ 'argocd.argoproj.io/hook': 'PostDelete' }, { kind: 'delete', phase: 'PostDelete' }],
    [{ 'argocd.argoproj.io/hook': 'PreDelete' }, { kind: 'delete', phase: 'PreDelete' }],
    [{ 'helm.sh/hook': 'test' }, { kind: 'never' }],
    [{ 'helm.sh/hook': 'test-success' }, { kind: 'never' }],
    [{ 'helm.sh/hook': 'pre-rollback' }, { kind: 'never' }],
    [{ 'argocd.argoproj.io/hook': 'Skip' }, { kind: 'never' }],
  ])('%o runs as %o', (annotations, want) => {
    expect(runOf(obj(annotations))).toMatchObject(want);
  });
});

describe('hooks Argo CD never applies', () => {
  it('are left out of every rule and named once, as skipped, by hook-order', () => {
    const tree = loadTree(
      join(import.meta.dirname, '../fixtures/check/hook-order/postsync-hook-after-sync-objects-passes'),
    );
    const report = runCheck({ objects: tree }, RULES);
    const about = report.findings.filter((f) => f.target.name === 'longhorn-test');
    expect(about.map((f) => [f.rule, f.status])).toEqual([['hook-order', 'skipped']]);
    expect(about[0]!.message).toMatch(/^helm\.sh\/hook: test: never applied by Argo CD/);
  });
});
