import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/engine.ts';
import { chartVersionPinned } from '../../src/check/rules/chart-version-pinned.ts';
import { crdSyncOrder, customGroup } from '../../src/check/rules/crd-sync-order.ts';
import { manifestReadByApplication } from '../../src/check/rules/manifest-read-by-application.ts';
import { needsSyncOrder } from '../../src/check/rules/needs-sync-order.ts';
import type { Rule } from '../../src/check/types.ts';
import { loadFixture } from './load.ts';
import { loadTree } from './tree.ts';
import { globMatch, sourceReads, sourcesOf } from '../../src/check/gitops.ts';
import { parseObjects } from '../../src/check/read.ts';

const app = (source: string, annotations = '{}') =>
  parseObjects(
    `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a, namespace: argocd, annotations: ${annotations}}\nspec: {source: ${source}}`,
    'apps/a.yaml',
  )[0]!;
const reads = (source: string, file: string, annotations?: string) => {
  const a = app(source, annotations);
  return sourcesOf(a).some((s) => sourceReads(a, s, file));
};

describe('globMatch', () => {
  it('matches Argo CD include/exclude globs', () => {
    expect(globMatch('*.yaml', 'a.yaml')).toBe(true);
    expect(globMatch('*.yaml', 'sub/a.yaml')).toBe(false);
    expect(globMatch('**/*.yaml', 'sub/a.yaml')).toBe(true);
    expect(globMatch('{*.yml,*.yaml}', 'a.yml')).toBe(true);
    expect(globMatch('config?.json', 'config1.json')).toBe(true);
  });
});

describe('sourceReads', () => {
  it('reads only the top level of a directory source unless it recurses', () => {
    expect(reads('{path: policies/kyverno}', 'policies/kyverno/a.yaml')).toBe(true);
    expect(reads('{path: policies/kyverno}', 'policies/kyverno/baseline/a.yaml')).toBe(false);
    expect(
      reads('{path: policies/kyverno, directory: {recurse: true}}', 'policies/kyverno/baseline/a.yaml'),
    ).toBe(true);
    expect(reads('{path: policies/kyverno}', 'policies/kyverno-extra/a.yaml')).toBe(false);
  });

  it('applies include and exclude relative to the path', () => {
    expect(
      reads('{path: apps, directory: {recurse: true, exclude: "projects/*"}}', 'apps/projects/x.yaml'),
    ).toBe(false);
    expect(reads('{path: apps, directory: {include: "*.yaml"}}', 'apps/x.json')).toBe(false);
  });

  it('reads a Helm or Kustomize directory at any depth, and never a chart repository', () => {
    expect(
      reads('{path: charts/app, helm: {valueFiles: [values.yaml]}}', 'charts/app/templates/x.yaml'),
    ).toBe(true);
    expect(
      reads('{chart: app, repoURL: "https://charts.example.com", targetRevision: 1.0.0}', 'x.yaml'),
    ).toBe(false);
  });

  it('re-bases repository paths by shai.dev/tree-root', () => {
    expect(reads('{path: deploy/services/x}', 'services/x/a.yaml', '{shai.dev/tree-root: deploy}')).toBe(
      true,
    );
    expect(reads('{path: other/services/x}', 'services/x/a.yaml', '{shai.dev/tree-root: deploy}')).toBe(
      false,
    );
  });
});

describe('gitops rule messages', () => {
  const fixtures = join(import.meta.dirname, '../fixtures/check');
  const failures = (rule: Rule, path: string) => {
    const full = join(fixtures, rule.id, path);
    const objects = statSync(full).isDirectory() ? loadTree(full) : loadFixture(full, path);
    return runCheck({ objects }, [rule])
      .findings.filter((f) => f.status === 'fail')
      .map((f) => `${f.target.file} ${f.message}`);
  };

  it('names the unread file and the paths Applications do read', () => {
    expect(failures(manifestReadByApplication, 'policies-in-unread-folder-fails')).toEqual([
      'policies/kyverno/baseline/require-limits.yaml policies/kyverno/baseline/require-limits.yaml is read by no Application: no source reads policies/kyverno/baseline/ (nearest Application paths: policies/kyverno/*, apps/**)',
      'policies/network/default-deny.yaml policies/network/default-deny.yaml is read by no Application: no source reads policies/network/ (nearest Application paths: policies/kyverno/*, apps/**)',
    ]);
  });

  it('names the delivering and the installing Application with their waves', () => {
    expect(failures(crdSyncOrder, 'same-wave-as-installer-fails')).toEqual([
      'services/pki/cluster-issuer.yaml ClusterIssuer selfsigned is delivered by Application pki (wave -8), not after Application cert-manager (wave -8), which installs the CRDs of cert-manager.io',
    ]);
  });

  it('names the need that does not sync first, or is missing', () => {
    expect(failures(needsSyncOrder, 'needed-application-missing-fails.yaml')).toEqual([
      'needed-application-missing-fails.yaml Application n8n (wave 3) needs litellm, but no Application delivers litellm',
    ]);
  });

  it('tells a pinned chart from a range and a foreign branch from the own repository', () => {
    expect(failures(chartVersionPinned, 'chart-range-fails.yaml')).toEqual([
      'chart-range-fails.yaml chart kyverno from https://kyverno.github.io/kyverno/ has targetRevision "3.*", not an exact version',
    ]);
    expect(failures(chartVersionPinned, 'foreign-git-branch-fails.yaml')).toEqual([
      'foreign-git-branch-fails.yaml Git source https://github.com/example/dashboards.git path grafana follows "master", not a tag or commit',
    ]);
  });
});

describe('customGroup', () => {
  it('treats built-in and pre-installed groups as no custom resource', () => {
    expect(customGroup('v1')).toBeUndefined();
    expect(customGroup('apps/v1')).toBeUndefined();
    expect(customGroup('networking.k8s.io/v1')).toBeUndefined();
    expect(customGroup('traefik.io/v1alpha1')).toBeUndefined();
    expect(customGroup('argoproj.io/v1alpha1')).toBeUndefined();
    expect(customGroup('gateway.networking.k8s.io/v1')).toBe('gateway.networking.k8s.io');
    expect(customGroup('cert-manager.io/v1')).toBe('cert-manager.io');
  });
});
