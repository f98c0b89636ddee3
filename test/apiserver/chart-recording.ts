/*
 * Argo CD's chart output for the install tests. The tests have no network, so helm cannot fetch the chart:
 * they use what real helm rendered for the same Application (test/fixtures/charts/argocd.yaml, recorded by
 * scripts/record-charts.ts with the chart, version, release, namespace and values checked by its header test).
 * Until that recording exists on this branch, a STAND-IN is used instead and says so: Argo CD's two vendored
 * CRDs plus a ServiceAccount and a ConfigMap — enough for install's flow, not a claim about the chart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChartRenderer, ChartSource } from '../../src/install/chart.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { parseManifests } from '../../src/k8s/yaml.ts';
import { ROOT } from '../helpers/cli.ts';

const RECORDING = join(ROOT, 'test/fixtures/charts/argocd.yaml');

/** True when the real helm output is recorded (else the stand-in is used). */
export const HAVE_RECORDING = existsSync(RECORDING);

function header(text: string, key: string): string | undefined {
  return new RegExp(`^# ${key}: (.*)$`, 'm').exec(text)?.[1]?.trim();
}

function standIn(source: ChartSource): KubeObject[] {
  const crds = ['argoproj.io_application-crd.yaml', 'argoproj.io_appproject-crd.yaml'].flatMap((f) =>
    parseManifests(readFileSync(join(ROOT, 'vendor/crds', f), 'utf8'), f).objects.map((o) => o.object),
  );
  return [
    ...crds,
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'argocd-server', namespace: source.namespace },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'argocd-cm', namespace: source.namespace },
      data: { url: String(source.values.global ?? '') },
    },
  ];
}

/** Renders from the recording after checking it was made for this source; records each call in `calls`. */
export function recordedArgoCd(calls: ChartSource[] = []): ChartRenderer {
  return async (source) => {
    calls.push(source);
    if (!HAVE_RECORDING) return standIn(source);
    const text = readFileSync(RECORDING, 'utf8');
    for (const [key, want] of [
      ['chart', source.chart],
      ['version', source.targetRevision],
      ['release', source.releaseName],
      ['namespace', source.namespace],
    ] as const) {
      if (header(text, key) !== want)
        throw new Error(`${RECORDING}: recorded ${key} ${header(text, key)}, install asks for ${want}`);
    }
    return parseManifests(text, RECORDING).objects.map((o) => o.object);
  };
}
