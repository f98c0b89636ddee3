import { beforeAll, describe, expect, it } from 'vitest';
import { CHART_PINS, CHART_WORKLOADS } from '../../src/check/chart-workloads.ts';
import { standIns } from '../../src/check/scheduling-stand-ins.ts';
import { chartSource } from '../../scripts/charts/inputs.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { recordedWorkloads, workloadLine } from '../helpers/chart-workloads.ts';
import { chartApplications, defaultPlatform, recordedObjects, recordingText } from '../helpers/charts.ts';

/*
 * The chart workloads the scheduler simulation counts are the ones real helm rendered at the pins with shai's
 * values (test/fixtures/charts/, checked against what render produces by test/charts/recordings.test.ts).
 * When a recording changes, this fails and prints the entries to paste into chart-workloads.ts.
 */
let apps: KubeObject[];
beforeAll(async () => {
  apps = chartApplications((await defaultPlatform()).manifest).filter((a) => recordingText(a.metadata.name));
});

describe('CHART_WORKLOADS', () => {
  it('declares the resident workloads of every recorded chart Application, with their pod requests', () => {
    const names = apps.map((a) => a.metadata.name).sort();
    const recorded = names.flatMap(recordedWorkloads);
    const declared = CHART_WORKLOADS.filter((w) => names.includes(w.application));
    expect(declared, recorded.map(workloadLine).join('\n')).toEqual(recorded);
  });

  it('declares no Application the default platform does not render', () => {
    const names = new Set(apps.map((a) => a.metadata.name));
    expect(CHART_WORKLOADS.filter((w) => !names.has(w.application))).toEqual([]);
  });

  it('names the chart and version each Application with workloads was recorded at', () => {
    const pins = Object.fromEntries(
      apps
        .filter((a) => recordedWorkloads(a.metadata.name).length)
        .map((a) => [
          a.metadata.name,
          { chart: chartSource(a)!.chart, version: chartSource(a)!.targetRevision },
        ]),
    );
    expect(CHART_PINS).toEqual(pins);
  });
});

describe('standIns', () => {
  const source = (object: KubeObject) => ({ object, file: 'apps/argocd.yaml', line: 1 });
  it('stands in for the recorded workloads of an Application at its recorded chart and version only', () => {
    const app = apps.find((a) => a.metadata.name === 'argocd')!;
    const names = (o: KubeObject) => standIns([source(o)]).map((s) => s.object.metadata.name);
    expect(names(app)).toEqual(CHART_WORKLOADS.filter((w) => w.application === 'argocd').map((w) => w.name));
    const other = structuredClone(app);
    chartSource(other)!.targetRevision = '1.0.0';
    expect(names(other)).toEqual([]);
  });

  it('stands in for nothing an Application already brings as a recording in the run', () => {
    const app = apps.find((a) => a.metadata.name === 'argocd')!;
    const recorded = recordedObjects('argocd').map((object) => ({ object, application: 'argocd' }));
    expect(standIns([source(app), ...recorded])).toEqual([]);
  });
});
