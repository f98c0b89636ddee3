import { describe, expect, it } from 'vitest';
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
