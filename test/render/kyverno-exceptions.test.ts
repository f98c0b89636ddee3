import { beforeAll, describe, expect, it } from 'vitest';
import type { Yaml } from '../../src/semantics/pods.ts';
import { runCheck } from '../../src/check/engine.ts';
import { platformCheckInput } from '../../src/check/platform.ts';
import { kyvernoNoBroadExclusions } from '../../src/check/rules/kyverno-no-broad-exclusions.ts';
import { WORKLOAD_EXCEPTIONS } from '../../src/semantics/system-workloads.ts';
import { exceptionFor, exceptionMatches, wildcardMatch } from '../../src/semantics/exceptions.ts';
import { loadSchemas, validateObject } from '../../src/k8s/validate.ts';
import { registry } from '../../src/services/registry.ts';
import { kyvernoExceptionNamespace } from '../../src/check/rules/kyverno-exception-namespace.ts';
import { admissionSection } from '../../src/render/admission-readme.ts';
import { built, failures, objectsOf } from './system-helpers.ts';

beforeAll(() => loadSchemas());

describe('Kyverno exceptions per workload', () => {
  it('each excepted workload sits in the namespace of the service that creates it', () => {
    for (const e of WORKLOAD_EXCEPTIONS) {
      const def = registry.find((s) => s.name === e.service);
      expect(def?.namespace, `${e.service}/${e.name}`).toBe(e.namespace);
    }
  });

  it('renders ClusterPolicies without exclusions and one valid PolicyException per planned workload', async () => {
    const { plan, manifest } = await built('platform.yaml');
    const policies = objectsOf(manifest, 'kyverno-policies', 'ClusterPolicy');
    const sourced = policies.map((object) => ({ object }));
    const report = runCheck({ objects: sourced }, [kyvernoNoBroadExclusions]);
    expect(report.counts.fail).toBe(0);
    expect(report.counts.pass).toBe(policies.length);

    const exceptions = objectsOf(manifest, 'kyverno-policies', 'PolicyException');
    for (const x of exceptions) expect(validateObject(x), x.metadata.name).toEqual([]);
    const planned = new Set(plan.services.map((s) => s.name));
    const expected = WORKLOAD_EXCEPTIONS.filter((e) => planned.has(e.service));
    expect(expected.map((e) => e.service)).toEqual(expect.arrayContaining(['longhorn', 'gpu-operator']));
    for (const e of expected) {
      const x = exceptions.find((o) =>
        (o.spec as Yaml).match.any.some((m: Yaml) => m.resources.names.includes(e.name)),
      );
      expect(x, e.name).toBeDefined();
      expect(x!.metadata.annotations?.['shai.dev/reason']).toBe(e.reason);
      expect((x!.spec as Yaml).exceptions.map((r: Yaml) => r.policyName)).toEqual(
        e.rules.map((r) => `shai-${r}`),
      );
    }
  });

  it('puts every exception where the Kyverno Application makes Kyverno read them, with no broad exclusion', async () => {
    const { plan, manifest } = await built('platform.yaml');
    expect(failures(plan, manifest, [kyvernoExceptionNamespace, kyvernoNoBroadExclusions])).toEqual([]);
    const judged = runCheck(platformCheckInput(plan.config, plan, manifest), [kyvernoExceptionNamespace]);
    expect(judged.counts.pass).toBe(objectsOf(manifest, 'kyverno-policies', 'PolicyException').length);
    const report = runCheck(
      { objects: objectsOf(manifest, 'kyverno-policies', 'PolicyException').map((object) => ({ object })) },
      [kyvernoExceptionNamespace],
    );
    // Without the Application the rule cannot judge, and says so rather than pass.
    expect(report.counts.pass).toBe(0);
  });

  it("never lets one workload's name patterns cover another workload's pods", () => {
    // A pod as each entry's controller (or operator) names it.
    const podOf = (name: string) => `${name.replace(/\*/g, 'x1')}-6d4cf56db6-k2x7q`;
    for (const a of WORKLOAD_EXCEPTIONS)
      for (const b of WORKLOAD_EXCEPTIONS) {
        if (a === b || a.namespace !== b.namespace) continue;
        const covers = exceptionMatches(a).some(
          (m) => m.kinds.includes('Pod') && m.names.some((n) => wildcardMatch(n, podOf(b.name))),
        );
        expect(covers, `${a.name} covers pods of ${b.name}`).toBe(false);
      }
  });

  it('lists every rendered exception in deploy/README.md with its workload, rules and reason', async () => {
    const { manifest } = await built('platform.yaml');
    const lines = admissionSection(manifest);
    const exceptions = objectsOf(manifest, 'kyverno-policies', 'PolicyException');
    const rows = lines.filter(
      (l) => l.startsWith('| ') && !l.startsWith('| workload') && !l.startsWith('| ---'),
    );
    expect(rows).toHaveLength(exceptions.length);
    const manager = WORKLOAD_EXCEPTIONS.find((e) => e.name === 'longhorn-manager')!;
    expect(rows).toContain(
      `| longhorn-manager | longhorn-system | ${manager.rules.join(', ')} | ${manager.reason} |`,
    );
    expect(lines.join('\n')).toContain('`kube-system`');
  });

  it('matches names with Kyverno wildcards only, whole names', () => {
    expect(wildcardMatch('engine-image-ei-*', 'engine-image-ei-db6c2b6f')).toBe(true);
    expect(wildcardMatch('longhorn-manager', 'longhorn-manager-evil')).toBe(false);
    expect(wildcardMatch('node-agent-?????', 'node-agent-x7k2p')).toBe(true);
    expect(wildcardMatch('a.b', 'axb')).toBe(false);
  });

  it('excepts offline only the listed rules of the listed workload, and reports kube-system as never admitted', () => {
    const ds = (namespace: string, name: string) => ({
      object: { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name, namespace } },
    });
    expect(exceptionFor(ds('backup', 'node-agent'), 'no-host-path')).toMatch(
      /PolicyException backup-node-agent/,
    );
    expect(exceptionFor(ds('backup', 'node-agent'), 'no-privileged')).toBeUndefined();
    expect(exceptionFor(ds('ai', 'node-agent'), 'no-host-path')).toBeUndefined();
    expect(exceptionFor(ds('kube-system', 'svclb-traefik'), 'no-privileged')).toMatch(/resourceFilters/);
  });
});
