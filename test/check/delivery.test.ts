import { describe, expect, it } from 'vitest';
import { deliveryOf, placeInDestinations } from '../../src/check/delivery.ts';
import { parseObjects } from '../../src/check/read.ts';
import { recordedApplication } from '../../src/check/recording.ts';
import type { SourcedObject } from '../../src/check/types.ts';

const app = (name: string, path: string, namespace: string): SourcedObject => ({
  object: {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd' },
    spec: {
      sources: [
        { repoURL: 'https://charts.example.com', chart: name, targetRevision: '1.0.0' },
        { repoURL: 'https://git.example.com/r.git', targetRevision: 'main', path },
      ],
      destination: { server: 'https://kubernetes.default.svc', namespace },
    },
  },
  file: `apps/${name}.yaml`,
});

const obj = (
  kind: string,
  name: string,
  extra: Partial<SourcedObject> = {},
  apiVersion = 'v1',
): SourcedObject => ({
  object: { apiVersion, kind, metadata: { name } },
  ...extra,
});

describe('chart recordings', () => {
  it('name their Application in the leading comment block', () => {
    expect(
      recordedApplication('# Recorded by helm\n# application: longhorn\n# chart: longhorn 1.12.1\n---\n'),
    ).toBe('longhorn');
    expect(recordedApplication('apiVersion: v1\n# application: longhorn\n')).toBeUndefined();
    expect(recordedApplication('# just a comment\nkind: ConfigMap\n')).toBeUndefined();
  });

  it('give every object of the file that Application', () => {
    const objects = parseObjects(
      '# application: velero\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: b}\n',
      'charts/velero.yaml',
    );
    expect(objects.map((o) => o.application)).toEqual(['velero', 'velero']);
  });
});

describe('delivery', () => {
  const longhorn = app('longhorn', 'deploy/services/longhorn', 'longhorn-system');
  const velero = app('velero', 'deploy/services/velero', 'backup');

  it('is the recording named Application, else every Application whose source reads the file', () => {
    const recorded = obj('ServiceAccount', 'sa', { application: 'longhorn', file: 'charts/longhorn.yaml' });
    const read = obj('ConfigMap', 'cm', { file: 'deploy/services/velero/cm.yaml' });
    const d = deliveryOf([velero, longhorn, recorded, read]);
    expect(d.by(recorded)).toBe(longhorn);
    expect(d.all(read)).toEqual([velero]);
    expect(d.by(obj('ConfigMap', 'stray', { file: 'elsewhere/cm.yaml' }))).toBeUndefined();
  });

  it('places namespace-less namespaced objects in the destination of their Application, as Argo CD applies them', () => {
    const sa = obj('ServiceAccount', 'hook-sa', { application: 'longhorn' });
    const role = obj('ClusterRole', 'reader', { application: 'longhorn' }, 'rbac.authorization.k8s.io/v1');
    const stray = obj('ServiceAccount', 'stray', { file: 'elsewhere/sa.yaml' });
    const custom = obj('Widget', 'w', { application: 'longhorn' }, 'example.com/v1');
    const input = [longhorn, sa, role, stray, custom];
    const placed = placeInDestinations(input);
    expect(placed.map((o) => o.object.metadata.namespace)).toEqual([
      'argocd',
      'longhorn-system',
      undefined,
      undefined,
      undefined,
    ]);
    expect(sa.object.metadata.namespace).toBeUndefined(); // the input is not changed
    expect(placeInDestinations([longhorn, role])).toEqual([longhorn, role]);
  });
});
