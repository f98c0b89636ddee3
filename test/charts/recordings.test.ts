import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject, Manifest } from '../../src/k8s/object.ts';
import type { Plan } from '../../src/plan/types.ts';
import {
  RERECORD,
  chartInputs,
  crdApiVersions,
  inputsHash,
  kubeVersionOf,
  parseHeader,
  valuesHash,
} from '../../scripts/charts/inputs.ts';
import {
  RECORDINGS,
  chartApplications,
  defaultPlatform,
  recordedApiVersions,
  recordedObjects,
  recordingText,
} from '../helpers/charts.ts';

let platform: { plan: Plan; manifest: Manifest };
let apps: KubeObject[];
beforeAll(async () => {
  platform = await defaultPlatform();
  apps = chartApplications(platform.manifest);
});

const stale = (app: string, what: string) =>
  `test/fixtures/charts/${app}.yaml is stale (${what}); re-record with real helm: ${RERECORD}`;

describe('chart recordings (helm output at the pins) match what shai renders', () => {
  it('there is one recording per chart Application and none for another', () => {
    const recorded = readdirSync(RECORDINGS)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.replace(/\.yaml$/, ''))
      .sort();
    expect(recorded, `re-record: ${RERECORD}`).toEqual(apps.map((a) => a.metadata.name).sort());
  });

  it('each header names the chart, version, values and flags shai renders today', () => {
    const kube = kubeVersionOf(platform.plan.config.cluster.k3sVersion);
    for (const app of apps) {
      const name = app.metadata.name;
      const h = parseHeader(recordingText(name) ?? '');
      expect(h, stale(name, 'no header')).toBeDefined();
      const inputs = chartInputs(app, kube, recordedApiVersions());
      expect(`${h!.chart} ${h!.version}`, stale(name, 'chart or pin changed')).toBe(
        `${inputs.chart} ${inputs.version}`,
      );
      expect(h!.valuesSha256, stale(name, 'valuesObject changed')).toBe(valuesHash(inputs));
      expect(h!.inputsSha256, stale(name, 'release, namespace or helm flags changed')).toBe(
        inputsHash(inputs),
      );
    }
  });

  it('the API versions passed to helm are those of every CRD the tree and the charts install', () => {
    const crds = [
      ...platform.manifest.map((e) => e.object),
      ...apps.flatMap((a) => recordedObjects(a.metadata.name)),
    ];
    expect(recordedApiVersions(), `api-versions.txt is stale; re-record: ${RERECORD}`).toEqual(
      crdApiVersions(crds),
    );
  });
});
