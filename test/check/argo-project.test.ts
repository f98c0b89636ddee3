import { describe, expect, it } from 'vitest';
import {
  destinationPermitted,
  filepathMatch,
  gobwasMatch,
  kindRefusal,
  type Project,
} from '../../src/check/argo-project.ts';

const project = (p: Partial<Project>): Project => ({
  name: 'p',
  destinations: [],
  clusterWhitelist: [],
  clusterBlacklist: [],
  namespaceWhitelist: undefined,
  namespaceBlacklist: [],
  ...p,
});
const IN_CLUSTER = 'https://kubernetes.default.svc';

describe('AppProject globs (gobwas/glob for destinations, path/filepath.Match for resources)', () => {
  it.each([
    ['*', 'kube-system', true],
    ['kube-*', 'kube-system', true],
    ['{ai,auth}', 'auth', true],
    ['a?', 'ab', true],
    ['[a-c]i', 'bi', true],
    ['[!a-c]i', 'bi', false],
    ['mon', 'monitoring', false],
  ])('gobwas %s ~ %s: %s', (p, t, want) => expect(gobwasMatch(p, t)).toBe(want));

  it.each([
    ['*', 'rbac.authorization.k8s.io', true],
    ['*.k8s.io', 'storage.k8s.io', true],
    ['Cluster*', 'ClusterRole', true],
    ['{a,b}', 'a', false],
    ['[', 'x', false],
  ])('filepath %s ~ %s: %s', (p, t, want) => expect(filepathMatch(p, t)).toBe(want));
});

describe('AppProject permissions (argo-cd v3.3.9 app_project_types.go)', () => {
  it('matches a destination by server and namespace; a deny pattern refuses', () => {
    const p = project({
      destinations: [
        { server: IN_CLUSTER, namespace: '*' },
        { server: IN_CLUSTER, namespace: '!kube-system' },
      ],
    });
    expect(destinationPermitted(p, { server: IN_CLUSTER, namespace: 'ai' })).toBe(true);
    expect(destinationPermitted(p, { server: IN_CLUSTER, namespace: 'kube-system' })).toBe(false);
    expect(destinationPermitted(p, { server: 'https://other', namespace: 'ai' })).toBe(false);
  });

  it('permits cluster kinds only when whitelisted, namespaced kinds unless an empty or missing-entry whitelist says otherwise', () => {
    const p = project({ clusterWhitelist: [{ group: '', kind: 'Namespace' }] });
    expect(kindRefusal(p, 'v1', 'Namespace', 'ai', false)).toBeUndefined();
    expect(kindRefusal(p, 'nvidia.com/v1', 'ClusterPolicy', 'cluster-policy', false)).toBe(
      'resource nvidia.com:ClusterPolicy is not permitted in project p',
    );
    expect(kindRefusal(p, 'v1', 'Service', 's', true)).toBeUndefined();
    expect(kindRefusal(project({ namespaceWhitelist: [] }), 'v1', 'Service', 's', true)).toBeDefined();
    expect(
      kindRefusal(
        project({ clusterWhitelist: [{ group: '*', kind: '*', name: 'shai-*' }] }),
        'rbac.authorization.k8s.io/v1',
        'ClusterRole',
        'admin',
        false,
      ),
    ).toBeDefined();
  });
});
