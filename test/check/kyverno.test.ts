/*
 * The real Kyverno CLI (built from Kyverno's Go module by .ci/tools.d/20-kyverno.sh) applies the rendered
 * ClusterPolicies and PolicyExceptions of deploy/services/kyverno-policies/ to every workload Argo CD applies
 * (deploy/ and the chart recordings) and to generated cases, in one run. Two questions: is every workload
 * admitted, and does every offline twin of `shai check` say what Kyverno says, rule by rule.
 */
import { join, resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { KubeObject } from '../../src/k8s/object.ts';
import type { Yaml } from '../../src/check/pods.ts';
import { kyvernoApply, kyvernoVersion, type KyvernoRun } from '../helpers/kyverno.ts';
import { describeWithTools } from '../helpers/tools.ts';
import { appliedWorkloads, chartRecording, type Applied } from './kyverno/applied.ts';
import { CASES_NAMESPACE, exceptionCases, unadmittedCases, variantCases, VARIANTS } from './kyverno/cases.ts';
import { clusterObjects, kyvernoScope, notAdmitted, type KyvernoScope } from './kyverno/cluster.ts';
import {
  kyvernoIndex,
  kyvernoVerdict,
  resourceKey,
  RULE_IDS,
  twinVerdicts,
  type Said,
} from './kyverno/verdicts.ts';
import { loadTree } from './tree.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const POLICIES_DIR = join(ROOT, 'deploy/services/kyverno-policies');

/** One workload of the table: applied by Argo CD, or generated. */
interface Row extends Applied {
  generated: boolean;
}

describeWithTools(
  'the real Kyverno CLI on what Argo CD applies',
  ['kyverno'],
  'bash .ci/tools.sh',
  (tools) => {
    let scope: KyvernoScope;
    let chart: KubeObject[];
    let policies: KubeObject[];
    let exceptions: KubeObject[];
    let rows: Row[];
    let run: KyvernoRun;
    let index: ReturnType<typeof kyvernoIndex>;
    let twins: ReturnType<typeof twinVerdicts>;

    beforeAll(() => {
      const recorded = chartRecording(ROOT, 'kyverno');
      if (!recorded)
        throw new Error(
          'no recording test/fixtures/charts/kyverno.yaml: record it with scripts/record-charts.ts',
        );
      chart = recorded;
      scope = kyvernoScope(chart);
      const rendered = loadTree(POLICIES_DIR).map((s) => s.object);
      policies = rendered.filter((o) => o.kind === 'ClusterPolicy');
      exceptions = rendered.filter((o) => o.kind === 'PolicyException');
      const generated = [
        ...variantCases(),
        ...exceptionCases(),
        ...unadmittedCases(scope.webhookExcludedNamespaces),
      ].map((object): Row => ({
        source: { object, file: 'generated' },
        origin: 'generated',
        generated: true,
      }));
      rows = [...appliedWorkloads(ROOT).map((a) => ({ ...a, generated: false })), ...generated];
      const resources = rows
        .flatMap((r) => clusterObjects(r.source.object))
        .filter((o) => !notAdmitted(scope, o));
      run = kyvernoApply(tools.kyverno!, {
        policies,
        exceptions: exceptions.filter((e) => e.metadata.namespace === scope.exceptionNamespace),
        resources,
      });
      index = kyvernoIndex(run.results);
      twins = twinVerdicts(rows.map((r) => r.source));
    }, 600_000);

    it('is the Kyverno version the pinned kyverno chart ships', () => {
      const images = chart
        .filter((o) => o.kind === 'Deployment' && o.metadata.name === 'kyverno-admission-controller')
        .flatMap((o) => ((o.spec as Yaml).template.spec.containers as Yaml[]).map((c) => String(c.image)));
      expect(images.map((i) => i.split(':').pop())).toEqual([kyvernoVersion(tools.kyverno!)]);
    });

    it('takes every rendered policy and exception without complaint, and judges every resource', () => {
      expect(policies.map((p) => p.metadata.name).sort()).toEqual(RULE_IDS.map((id) => `shai-${id}`).sort());
      expect(run.diagnostics).not.toMatch(/skipped|invalid|error|warning/i);
      expect(run.results.filter((r) => r.result === 'error')).toEqual([]);
    });

    it('holds every PolicyException in the one namespace Kyverno reads them from', () => {
      const elsewhere = exceptions.filter((e) => e.metadata.namespace !== scope.exceptionNamespace);
      expect(elsewhere.map((e) => `${e.metadata.namespace}/${e.metadata.name}`)).toEqual([]);
      expect(exceptions.length).toBeGreaterThan(0);
    });

    it('admits every workload Argo CD applies, and every pod its controllers create', () => {
      const enforced = new Set(
        policies
          .filter((p) => (p.spec as Yaml).rules.some((r: Yaml) => r.validate?.failureAction === 'Enforce'))
          .map((p) => p.metadata.name),
      );
      const refused = rows
        .filter((r) => !r.generated && !r.hook)
        .flatMap((r) => refusals(r, enforced))
        .sort();
      expect(refused).toEqual([]);
      expect(rows.filter((r) => !r.generated && !r.hook).length).toBeGreaterThan(0);
    });

    it('reports the hooks Argo CD never runs during a sync separately, without failing them', () => {
      const hooks = rows.filter((r) => r.hook);
      const lines = hooks.map((r) => {
        const refused = refusals(r, new Set(policies.map((p) => p.metadata.name)));
        return `${r.origin} ${resourceKey(r.source.object)} runs ${r.hook}: ${refused.length ? refused.join('; ') : 'admitted'}`;
      });
      if (lines.length) console.info(`hooks outside a sync (not failed):\n  ${lines.join('\n  ')}`);
      for (const r of hooks) expect(r.hook).toMatch(/^(never|only when the Application is deleted)/);
    });

    it('agrees with every offline twin, for every workload and rule (pass, fail, excepted, not admitted)', () => {
      const disagreements: string[] = [];
      let pairs = 0;
      for (const r of rows) {
        const twin = twins.get(r.source)!;
        for (const id of RULE_IDS) {
          pairs++;
          const mismatch = disagreement(r, id, twin[id]!);
          if (mismatch) disagreements.push(mismatch);
        }
      }
      console.info(
        `twin table: ${rows.length} workloads, ${pairs} rule x workload pairs, ${disagreements.length} disagreements`,
      );
      expect(disagreements).toEqual([]);
    });

    it('sees each generated variant break exactly the rule it names, in every kind', () => {
      const wrong: string[] = [];
      for (const r of rows.filter(
        (x) => x.generated && x.source.object.metadata.namespace === CASES_NAMESPACE,
      )) {
        const name = r.source.object.metadata.name;
        const variant = VARIANTS.find((v) => name.startsWith(`${v.name}--`));
        if (!variant) continue;
        const [rule, how] = variant.name.split('--');
        for (const id of RULE_IDS) {
          const said = kyvernoVerdict(index, r.source.object, id).verdict;
          const meant = id === rule && !how!.startsWith('ok-') ? 'fail' : 'pass';
          if (said !== meant && !(said === 'none' && id === 'probes-present'))
            wrong.push(`${resourceKey(r.source.object)} ${id}: Kyverno ${said}, meant ${meant}`);
        }
      }
      expect(wrong).toEqual([]);
    });

    /** Every Enforce refusal of `r` or of an object its controller creates, as `origin kind ns/name: rule: message`. */
    function refusals(r: Row, enforced: Set<string>): string[] {
      return clusterObjects(r.source.object)
        .filter((o) => !notAdmitted(scope, o))
        .flatMap((o) =>
          run.results
            .filter(
              (x) =>
                enforced.has(x.policy) &&
                x.result === 'fail' &&
                `${x.kind} ${x.namespace}/${x.name}` === resourceKey(o),
            )
            .map((x) => `${r.origin} ${resourceKey(o)}: ${x.rule}: ${x.message}`),
        );
    }

    /** Where the twin and Kyverno part on rule `id` for the workload of `r` (or an object its controller creates). */
    function disagreement(r: Row, id: string, twin: Said): string | undefined {
      const objects = clusterObjects(r.source.object);
      const controllerOut = notAdmitted(scope, objects[0]!);
      const said = objects.flatMap((o): { o: KubeObject; k: Said }[] => {
        const out = notAdmitted(scope, o);
        if (out && !controllerOut) return []; // e.g. ReplicaSets, which Kyverno's resourceFilters skip
        return [{ o, k: out ? { verdict: 'not-admitted', message: out } : kyvernoVerdict(index, o, id) }];
      });
      const parted = said.filter(
        ({ k }) => k.verdict !== twin.verdict && !(k.verdict === 'none' && twin.verdict === 'none'),
      );
      if (!parted.length) return undefined;
      const where = r.generated ? 'generated' : r.origin;
      return (
        `${where} ${resourceKey(r.source.object)} ${id}: twin ${twin.verdict} (${twin.message}) but Kyverno ` +
        parted.map(({ o, k }) => `${k.verdict} on ${o.kind} ${o.metadata.name} (${k.message})`).join(', ')
      );
    }
  },
);
