import { beforeAll, describe, expect, it } from 'vitest';
import { CHART_PODS } from '../../src/semantics/chart-pods/index.ts';
import { runCheck } from '../../src/check/engine.ts';
import { ADMISSION_RULES } from '../../src/check/policies.ts';
import { RULES } from '../../src/check/registry.ts';
import type { KubeObject, Manifest } from '../../src/k8s/object.ts';
import { POD_KINDS, syncPhase } from '../helpers/argo-apply.ts';
import { chartApplications, defaultPlatform, recordedObjects } from '../helpers/charts.ts';

/*
 * The chart pods each chart service declares (src/semantics/chart-pods/) are exactly those real helm rendered at
 * the pin (test/fixtures/charts/), and each declared exception names exactly the admission rules the pod breaks.
 */

let manifest: Manifest;
let apps: KubeObject[];
beforeAll(async () => {
  manifest = (await defaultPlatform()).manifest;
  apps = chartApplications(manifest);
});

const serviceOf = (app: KubeObject) => app.metadata.annotations?.['shai.dev/service'];
const recordedPods = (service: string) =>
  apps
    .filter((a) => serviceOf(a) === service)
    .flatMap((a) => recordedObjects(a.metadata.name))
    .filter((o) => POD_KINDS.has(o.kind));
const phase = (o: KubeObject) => {
  const p = syncPhase(o);
  return p === 'Sync' ? undefined : (p ?? 'never');
};

// The rules an exception may name: the admission rules whose twins judge pods, except probes (never excepted).
const EXCEPTABLE = new Set(ADMISSION_RULES.map((r) => r.id).filter((id) => id !== 'probes-present'));
const ENFORCED = new Set(
  ADMISSION_RULES.filter(
    (r) =>
      ((r.kyvernoPolicy().validate as { failureAction?: string }).failureAction ?? 'Enforce') === 'Enforce',
  ).map((r) => r.id),
);

/** The admission rules a pod breaks with no exception at all (judged in a namespace no exception names). */
function broken(o: KubeObject): string[] {
  const neutral = { ...o, metadata: { ...o.metadata, namespace: 'shai-chart-pods-test' } };
  const report = runCheck(
    { objects: [{ object: neutral }] },
    RULES.filter((r) => EXCEPTABLE.has(r.id)),
  );
  return [...new Set(report.findings.filter((f) => f.status === 'fail').map((f) => f.rule))].sort();
}

describe('chart pods declared per service', () => {
  it('covers every chart service, once', () => {
    const services = [...new Set(apps.map(serviceOf))].filter((s) => recordedPods(s!).length > 0).sort();
    const declared = CHART_PODS.filter((c) => c.pods.some((p) => 'chart' in p.madeBy)).map((c) => c.service);
    expect([...declared].sort()).toEqual(services);
    expect(new Set(CHART_PODS.map((c) => c.service)).size).toBe(CHART_PODS.length);
  });

  it.each(CHART_PODS.map((c) => [c.service, c] as const))(
    '%s: the chart pods equal the recorded pod templates',
    (service, c) => {
      const recorded = recordedPods(service).map(
        (o) => `${o.kind}/${o.metadata.name}${phase(o) ? ` [${phase(o)}]` : ''}`,
      );
      const declared = c.pods
        .filter((p) => 'chart' in p.madeBy)
        .map(
          (p) => `${p.kind}/${p.name}${'chart' in p.madeBy && p.madeBy.hook ? ` [${p.madeBy.hook}]` : ''}`,
        );
      expect(declared.sort()).toEqual(recorded.sort());
    },
  );

  it.each(CHART_PODS.map((c) => [c.service, c] as const))(
    '%s: each exception names the rules its pod breaks, no more',
    (service, c) => {
      for (const o of recordedPods(service)) {
        const p = c.pods.find((x) => x.kind === o.kind && x.name === o.metadata.name)!;
        const rules = broken(o);
        if (phase(o) === 'never') continue; // never created: nothing to admit or except
        const enforcedBroken = rules.filter((r) => ENFORCED.has(r));
        if (!p.exception) {
          expect(enforcedBroken, `${o.kind}/${o.metadata.name} is refused without an exception`).toEqual([]);
          continue;
        }
        // Every enforced rule it breaks is excepted, and nothing it does not break (audit rules may stay).
        expect(p.exception.rules, `${o.kind}/${o.metadata.name}`).toEqual(
          expect.arrayContaining(enforcedBroken),
        );
        expect(rules, `${o.kind}/${o.metadata.name} is excepted from a rule it passes`).toEqual(
          expect.arrayContaining([...p.exception.rules]),
        );
      }
    },
  );

  it('names, for each pod an operator makes, an object of the tree or the charts that shapes it', () => {
    const objects = [
      ...manifest.map((e) => e.object),
      ...apps.flatMap((a) => recordedObjects(a.metadata.name)),
    ];
    for (const c of CHART_PODS)
      for (const p of c.pods) {
        if (!('operator' in p.madeBy)) continue;
        const [kind, name] = p.madeBy.from.split(' ');
        if (!name || !/^[A-Z]/.test(kind!)) continue; // described, not one object (e.g. "each GPU node")
        expect(
          objects.some(
            (o) =>
              o.kind === kind &&
              (name === 'listenerTemplate' || name === 'template' || o.metadata.name === name),
          ),
          p.madeBy.from,
        ).toBe(true);
      }
  });
});
