/*
 * The real Kyverno CLI (built from Kyverno's Go module by .ci/tools.d/20-kyverno.sh) applies the rendered
 * ClusterPolicies and PolicyExceptions of deploy/services/kyverno-policies/ to every workload Argo CD applies
 * (deploy/ and the chart recordings), to the stand-ins `shai check` builds for the pods operators create from
 * custom resources (check/standins/), and to generated cases. Two batches, one CLI run each (the generated cases
 * reuse real workload names, and the CLI refuses two objects of one name in a run). Two questions: is every
 * workload admitted, and does every offline twin of `shai check` say what Kyverno says, rule by rule.
 */
import { join, resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Yaml } from '../../src/semantics/pods.ts';
import type { KubeObject } from '../../src/k8s/object.ts';
import { kyvernoApply, kyvernoVersion, type KyvernoRun } from '../helpers/kyverno.ts';
import { describeWithTools } from '../helpers/tools.ts';
import { appliedWorkloads, chartRecording, standInWorkloads, type Applied } from './kyverno/applied.ts';
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

/** The workloads of one CLI run, what Kyverno said about them and what the twins say. */
interface Batch {
  rows: Applied[];
  run: KyvernoRun;
  /** The objects sent to Kyverno (workloads and what their controllers create, less what it never admits). */
  sent: KubeObject[];
  kyverno: ReturnType<typeof kyvernoIndex>;
  twins: ReturnType<typeof twinVerdicts>;
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
    let applied: Batch;
    let generated: Batch;

    const judge = (rows: Applied[]): Batch => {
      const sent = rows.flatMap((r) => clusterObjects(r.source.object)).filter((o) => !notAdmitted(scope, o));
      const run = kyvernoApply(tools.kyverno!, {
        policies,
        // Kyverno reads PolicyExceptions from its exception namespace only (--exceptionNamespace).
        exceptions: exceptions.filter((e) => e.metadata.namespace === scope.exceptionNamespace),
        resources: sent,
      });
      return {
        rows,
        run,
        sent,
        kyverno: kyvernoIndex(run.results),
        twins: twinVerdicts(rows.map((r) => r.source)),
      };
    };

    beforeAll(() => {
      const recorded = chartRecording(ROOT, 'kyverno');
      if (!recorded)
        throw new Error('no test/fixtures/charts/kyverno.yaml: record it with scripts/record-charts.ts');
      chart = recorded;
      scope = kyvernoScope(chart);
      const rendered = loadTree(POLICIES_DIR).map((s) => s.object);
      policies = rendered.filter((o) => o.kind === 'ClusterPolicy');
      exceptions = rendered.filter((o) => o.kind === 'PolicyException');
      applied = judge([...appliedWorkloads(ROOT), ...standInWorkloads(ROOT)]);
      const cases = [
        ...variantCases(),
        ...exceptionCases(),
        ...unadmittedCases(scope.webhookExcludedNamespaces),
      ];
      generated = judge(
        cases.map((object) => ({ source: { object, file: 'generated' }, origin: 'generated' })),
      );
    }, 600_000);

    it('is the Kyverno version the pinned kyverno chart ships', () => {
      const images = chart
        .filter((o) => o.kind === 'Deployment' && o.metadata.name === 'kyverno-admission-controller')
        .flatMap((o) => ((o.spec as Yaml).template.spec.containers as Yaml[]).map((c) => String(c.image)));
      expect(images.map((i) => i.split(':').pop())).toEqual([kyvernoVersion(tools.kyverno!)]);
    });

    it('takes every rendered policy and exception without complaint, and judges every object sent', () => {
      expect(policies.map((p) => p.metadata.name).sort()).toEqual(RULE_IDS.map((id) => `shai-${id}`).sort());
      for (const b of [applied, generated]) {
        expect(b.run.diagnostics).not.toMatch(/skipped|invalid|error|warning/i);
        expect(b.run.results.filter((r) => r.result === 'error')).toEqual([]);
        const judged = new Set(b.run.results.map((r) => `${r.kind} ${r.namespace}/${r.name}`));
        expect(b.sent.map(resourceKey).filter((k) => !judged.has(k))).toEqual([]);
      }
    });

    it('holds every PolicyException in the one namespace Kyverno reads them from', () => {
      const elsewhere = exceptions.filter((e) => e.metadata.namespace !== scope.exceptionNamespace);
      expect(elsewhere.map((e) => `${e.metadata.namespace}/${e.metadata.name}`)).toEqual([]);
      expect(exceptions.length).toBeGreaterThan(0);
    });

    it('admits every workload Argo CD applies, and every pod its controllers create', () => {
      const synced = applied.rows.filter((r) => !r.hook);
      const refused = synced.flatMap((r) => refusals(applied, r, enforcedPolicies())).sort();
      expect(refused).toEqual([]);
      expect(synced.length).toBeGreaterThan(0);
    });

    it('judges the stand-ins of the pods operators create (ARC listeners, CNPG instances, GPU operands, Prometheus servers)', () => {
      const standIns = applied.rows.filter((r) => r.source.standIn);
      const made = standIns.map((r) => `${r.source.object.kind} ${r.source.object.metadata.namespace}`);
      for (const m of ['Pod arc-systems', 'Pod auth', 'DaemonSet gpu-operator', 'StatefulSet monitoring'])
        expect(made).toContain(m);
      const judged = new Set(applied.run.results.map((r) => `${r.kind} ${r.namespace}/${r.name}`));
      expect(standIns.map((r) => resourceKey(r.source.object)).filter((k) => !judged.has(k))).toEqual([]);
    });

    it('reports the hooks Argo CD never runs during a sync separately, without failing them', () => {
      const hooks = applied.rows.filter((r) => r.hook);
      const lines = hooks.map((r) => {
        const refused = refusals(applied, r, enforcedPolicies());
        const verdict = refused.length ? `refused: ${refused.join('; ')}` : 'admitted';
        return `${r.origin} ${resourceKey(r.source.object)} runs ${r.hook}: ${verdict}`;
      });
      if (lines.length) console.info(`hooks outside a sync (reported, not failed):\n  ${lines.join('\n  ')}`);
      for (const r of hooks) expect(r.hook).toMatch(/^(never|only when the Application is deleted)/);
    });

    it('agrees with every offline twin, for every workload and rule (pass, fail, excepted, not admitted)', () => {
      const disagreements: string[] = [];
      let pairs = 0;
      for (const b of [applied, generated])
        for (const r of b.rows)
          for (const id of RULE_IDS) {
            pairs++;
            const mismatch = disagreement(b, r, id);
            if (mismatch) disagreements.push(mismatch);
          }
      const workloads = applied.rows.length + generated.rows.length;
      console.info(
        `twin table: ${workloads} workloads, ${pairs} rule x workload pairs, ${disagreements.length} apart`,
      );
      expect(disagreements).toEqual([]);
    });

    it('sees each generated variant break exactly the rule it names, in every kind', () => {
      const wrong: string[] = [];
      for (const r of generated.rows.filter((x) => x.source.object.metadata.namespace === CASES_NAMESPACE)) {
        const o = r.source.object;
        const variant = VARIANTS.find((v) => o.metadata.name.startsWith(`${v.name}--`));
        if (!variant) continue;
        const [rule, how = ''] = variant.name.split('--');
        for (const id of RULE_IDS) {
          const said = kyvernoVerdict(generated.kyverno, o, id).verdict;
          // probes-present judges long-running pods only: Jobs, CronJobs and their pods finish.
          const finishes = id === 'probes-present' && ['Job', 'CronJob'].includes(o.kind);
          // The API allows no resources on an ephemeral container: resource-limits refuses every pod with one.
          const unlimited = id === 'resource-limits' && /(^|-)ephemeral/.test(how);
          const breaks = (id === rule && !how.startsWith('ok-')) || unlimited;
          const meant = finishes ? 'none' : breaks ? 'fail' : 'pass';
          if (said !== meant) wrong.push(`${resourceKey(o)} ${id}: Kyverno ${said}, meant ${meant}`);
        }
      }
      expect(wrong).toEqual([]);
    });

    /** The policies whose rule enforces (the others audit). */
    function enforcedPolicies(): Set<string> {
      const enforces = (p: KubeObject) =>
        (p.spec as Yaml).rules.some((r: Yaml) => r.validate?.failureAction === 'Enforce');
      return new Set(policies.filter(enforces).map((p) => p.metadata.name));
    }

    /** Every refusal of `r` or of an object its controller creates, as `origin Kind ns/name: rule: message`. */
    function refusals(b: Batch, r: Applied, enforced: Set<string>): string[] {
      return clusterObjects(r.source.object).flatMap((o) =>
        b.run.results
          .filter((x) => enforced.has(x.policy) && x.result === 'fail')
          .filter((x) => `${x.kind} ${x.namespace}/${x.name}` === resourceKey(o))
          .map((x) => `${r.origin} ${resourceKey(o)}: ${x.rule}: ${x.message}`),
      );
    }

    /** Where the twin and Kyverno part on rule `id` for the workload `r` (or an object its controller creates). */
    function disagreement(b: Batch, r: Applied, id: string): string | undefined {
      const twin = b.twins.get(r.source)![id]!;
      const objects = clusterObjects(r.source.object);
      const controllerOut = notAdmitted(scope, objects[0]!);
      const said = objects.flatMap((o): { o: KubeObject; k: Said }[] => {
        const out = notAdmitted(scope, o);
        if (out && !controllerOut) return []; // ReplicaSets, which Kyverno's resourceFilters skip
        return [{ o, k: out ? { verdict: 'not-admitted', message: out } : kyvernoVerdict(b.kyverno, o, id) }];
      });
      // Both excepted: by the same PolicyException when the twin names one ("excepted (PolicyException <name>)").
      const named = /PolicyException ([\w.-]+)/.exec(twin.message)?.[1];
      const other = (k: Said) =>
        k.verdict === 'excepted' && named !== undefined && !k.message.endsWith(`/${named}`);
      // A rule that judges no such workload (twin none) has nothing to say where Kyverno admits nothing either.
      const silent = (k: Said) => twin.verdict === 'none' && k.verdict === 'not-admitted';
      const parted = said.filter(({ k }) => (k.verdict !== twin.verdict && !silent(k)) || other(k));
      if (!parted.length) return undefined;
      return (
        `${r.origin} ${resourceKey(r.source.object)} ${id}: twin ${twin.verdict} (${twin.message}) but Kyverno ` +
        parted.map(({ o, k }) => `${k.verdict} on ${o.kind} ${o.metadata.name} (${k.message})`).join(', ')
      );
    }
  },
);
