/**
 * service-selector-matches judges pods as they run: the labels a program adds to its own pod at start, and the pods
 * operators make from custom resources (stand-ins). Before, the chart Services selecting them were left `skipped`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseObjects } from '../../src/check/read.ts';
import { serviceSelectorMatches } from '../../src/check/rules/service-selector-matches.ts';
import { runtimeLabels } from '../../src/semantics/runtime-labels.ts';
import { buildIndex } from '../../src/semantics/objects.ts';
import { podSpecOf } from '../../src/semantics/pods.ts';

const CHARTS = join(import.meta.dirname, '../fixtures/charts');
const recording = (app: string) =>
  parseObjects(readFileSync(join(CHARTS, `${app}.yaml`), 'utf8'), `test/fixtures/charts/${app}.yaml`);

/** service-selector-matches on the objects, as `status Service name`. */
function verdicts(objects: ReturnType<typeof recording>, names: string[]): string[] {
  return serviceSelectorMatches
    .check({ objects, index: buildIndex(objects) })
    .filter((r) => names.includes(r.object.object.metadata.name))
    .map((r) => `${r.status} ${r.object.object.metadata.name}`)
    .sort();
}

describe('Services that select what pods become when they run', () => {
  it("matches Longhorn's admission-webhook and recovery-backend Services to the manager pods that label themselves", () => {
    const longhorn = recording('longhorn');
    expect(verdicts(longhorn, ['longhorn-admission-webhook', 'longhorn-recovery-backend'])).toEqual([
      'pass longhorn-admission-webhook',
      'pass longhorn-recovery-backend',
    ]);
    // Only `longhorn-manager daemon` labels its pod: without the manager DaemonSet nothing matches.
    const noManager = longhorn.filter(
      (o) => !(o.object.kind === 'DaemonSet' && o.object.metadata.name === 'longhorn-manager'),
    );
    expect(verdicts(noManager, ['longhorn-admission-webhook'])).toEqual(['fail longhorn-admission-webhook']);
  });

  it('reads the labels from the command line of longhorn-manager daemon only', () => {
    const labels = (command: string[]) => runtimeLabels({ containers: [{ name: 'm', command }] });
    expect(labels(['longhorn-manager', '-d', 'daemon'])).toEqual({
      'longhorn.io/admission-webhook': 'longhorn-admission-webhook',
      'longhorn.io/recovery-backend': 'longhorn-recovery-backend',
    });
    expect(labels(['longhorn-manager', 'uninstall'])).toEqual({});
    expect(labels(['sh', '-c', 'longhorn-manager daemon'])).toEqual({});
    const manager = recording('longhorn').find(
      (o) => o.object.kind === 'DaemonSet' && o.object.metadata.name === 'longhorn-manager',
    )!;
    expect(Object.keys(runtimeLabels(podSpecOf(manager.object)!.spec))).toHaveLength(2);
  });

  it('matches the Prometheus and Alertmanager Services to the StatefulSets the operator makes, with its selector labels', () => {
    const kps = recording('kube-prometheus-stack');
    const services = ['kube-prometheus-stack-prometheus', 'kube-prometheus-stack-alertmanager'];
    expect(verdicts(kps, services)).toEqual(services.map((s) => `pass ${s}`).sort());
    // The stand-ins exist only where the operator runs: without its Deployment nothing makes those pods.
    const noOperator = kps.filter(
      (o) => !(o.object.kind === 'Deployment' && o.object.metadata.name === 'kube-prometheus-stack-operator'),
    );
    expect(verdicts(noOperator, services)).toEqual(services.map((s) => `fail ${s}`).sort());
  });
});
