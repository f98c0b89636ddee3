import { describe, expect, it } from 'vitest';
import { appStatus, byWave, elapsedText, failure, isDone, progressTable } from '../../src/install/waves.ts';
import type { KubeObject } from '../../src/k8s/object.ts';

const app = (name: string, wave?: string): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: {
    name,
    namespace: 'argocd',
    ...(wave ? { annotations: { 'argocd.argoproj.io/sync-wave': wave } } : {}),
  },
  spec: { destination: { namespace: `${name}-ns` } },
});

describe('following Argo CD wave by wave', () => {
  it('groups Applications by wave, ascending, names sorted, no annotation is wave 0', () => {
    const waves = byWave([app('b', '1'), app('a', '1'), app('c'), app('d', '-2')]);
    expect(waves.map(([w, l]) => [w, l.map((a) => a.metadata.name)])).toEqual([
      [-2, ['d']],
      [0, ['c']],
      [1, ['a', 'b']],
    ]);
  });

  it('reads sync, health, the operation and its message from the live status', () => {
    expect(appStatus(app('a', '2'), undefined)).toEqual({
      name: 'a',
      wave: 2,
      namespace: 'a-ns',
      sync: 'Missing',
      health: 'Missing',
    });
    const live = { ...app('a', '2'), status: { sync: { status: 'Synced' }, health: { status: 'Healthy' } } };
    expect(isDone(appStatus(app('a', '2'), live))).toBe(true);
    const failed = {
      ...live,
      status: {
        sync: { status: 'OutOfSync' },
        health: { status: 'Missing' },
        operationState: { phase: 'Failed', message: 'one or more objects failed to apply' },
      },
    };
    expect(failure(appStatus(app('a'), failed))).toBe('sync failed: one or more objects failed to apply');
    const degraded = {
      ...live,
      status: {
        sync: { status: 'Synced' },
        health: { status: 'Degraded', message: 'Deployment x exceeded its progress deadline' },
      },
    };
    expect(failure(appStatus(app('a'), degraded))).toBe(
      'degraded: Deployment x exceeded its progress deadline',
    );
    const progressing = {
      ...live,
      status: { sync: { status: 'Synced' }, health: { status: 'Progressing' } },
    };
    expect(failure(appStatus(app('a'), progressing))).toBeUndefined();
    expect(isDone(appStatus(app('a'), progressing))).toBe(false);
  });

  it('prints a table of Application, wave, sync, health and elapsed time', () => {
    const rows = progressTable([appStatus(app('cert-manager', '-4'), undefined)], 65_000);
    expect(rows).toEqual([
      'APPLICATION   WAVE  SYNC       HEALTH       ELAPSED',
      'cert-manager    -4  Missing    Missing      1m05s',
    ]);
    expect(elapsedText(9_999)).toBe('9s');
  });
});
